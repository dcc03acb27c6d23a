/** The staff app's entry (placeholder until the staff-app issue builds it). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  return (
    <main>
      <h1>Stadtbote</h1>
      <p>
        Die Verwaltungsoberfläche entsteht gerade. <a href="/simulator">Zum Handy-Simulator</a>
      </p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
