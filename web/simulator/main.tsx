/** The phone simulator's entry. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main>
      <h1>Handy-Simulator</h1>
    </main>
  </StrictMode>,
);
