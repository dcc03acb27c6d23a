/** The phone simulator (/simulator): choose or create a citizen and chat with the town. */
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { StrictMode, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api.js';
import { Chat } from './Chat.js';
import { T } from './texts.js';
import './simulator.css';

function App() {
  const users = useQuery({ queryKey: ['users'], queryFn: api.users, refetchInterval: 5000 });
  const clock = useQuery({ queryKey: ['clock'], queryFn: api.clock, refetchInterval: 5000 });
  const queryClient = useQueryClient();
  const advance = useMutation({ mutationFn: api.advance, onSuccess: () => queryClient.invalidateQueries() });
  const [selected, setSelected] = useState<string | null>(null);
  const user = users.data?.find((u) => u.id === selected) ?? null;

  return (
    <div className="layout">
      <header>
        <h1>{T.title}</h1>
        <p>{T.intro}</p>
        <div className="clock" role="group" aria-label={T.clock}>
          <span>
            {T.clock}: <time>{clock.data ? new Date(clock.data.now).toLocaleString('de-DE') : '…'}</time>
          </span>
          <button type="button" onClick={() => advance.mutate(3600)}>
            {T.plus1h}
          </button>
          <button type="button" onClick={() => advance.mutate(25 * 3600)}>
            {T.plus25h}
          </button>
        </div>
      </header>
      <nav aria-label={T.citizens}>
        <h2>{T.citizens}</h2>
        {users.data?.length ? (
          <ul className="users">
            {users.data.map((u) => (
              <li key={u.id}>
                <button type="button" aria-pressed={u.id === selected} onClick={() => setSelected(u.id)}>
                  {u.name} <small>{u.phone ? `+${u.phone}` : u.bsuid}</small>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p>{T.none}</p>
        )}
        <NewCitizen onCreated={(id) => (setSelected(id), queryClient.invalidateQueries({ queryKey: ['users'] }))} />
      </nav>
      <main>{user ? <Chat key={user.id} user={user} /> : <p>{T.choose}</p>}</main>
    </div>
  );
}

function NewCitizen({ onCreated }: { onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('+49 2152 ');
  const [language, setLanguage] = useState('de');
  const create = useMutation({
    mutationFn: api.createUser,
    onSuccess: (user) => {
      setName('');
      onCreated(user.id);
    },
  });
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const digits = phone.replace(/\D/g, '');
    create.mutate({ name: name || 'Bürgerin', language, ...(digits.length > 4 ? { phone } : { country_code: language === 'nl' ? 'NL' : language === 'en' ? 'GB' : 'DE' }) });
  };
  return (
    <form className="new-citizen" onSubmit={handleSubmit}>
      <h3>{T.newCitizen}</h3>
      <label>
        {T.name}
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        {T.phone}
        <input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" aria-describedby="phone-hint" />
      </label>
      <small id="phone-hint">{T.phoneHint}</small>
      <label>
        {T.language}
        <select value={language} onChange={(e) => setLanguage(e.target.value)}>
          {Object.entries(T.languages).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{T.create}</button>
      {create.error ? <p role="alert" className="error">{create.error.message}</p> : null}
    </form>
  );
}

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1 } } });
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
