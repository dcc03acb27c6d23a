/** One citizen's chat with the town: messages, ticks, interactive answers, composer. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type InItem, type Item, type OutItem, type SimUser } from './api.js';
import { LocationForm } from './LocationForm.js';
import { T } from './texts.js';

type Reply = (message: Record<string, unknown>) => void;

export function Chat({ user }: { user: SimUser }) {
  const queryClient = useQueryClient();
  const inbox = useQuery({ queryKey: ['inbox', user.id], queryFn: () => api.inbox(user.id), refetchInterval: 500 });
  const send = useMutation({
    mutationFn: (message: Record<string, unknown> | FormData) => api.send(user.id, message),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['inbox', user.id] }),
  });
  const [showLocation, setShowLocation] = useState(false);
  const reply: Reply = (message) => send.mutate(message);
  const items = inbox.data?.items ?? [];
  const current = inbox.data?.user ?? user;

  return (
    <section className="chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{T.chatWith(current.name)}</h2>
      <p className="window">
        {current.window_open && current.window_closes_at ? T.windowOpen(new Date(current.window_closes_at).toLocaleString('de-DE')) : T.windowClosed}
      </p>
      <ol className="messages" aria-live="polite" aria-label={T.history}>
        {items.map((item) => (
          <li key={item.wamid} className={item.direction === 'out' ? 'bubble town' : 'bubble citizen'} data-testid={item.direction === 'out' ? 'from-town' : 'from-citizen'}>
            {item.direction === 'out' ? <TownMessage item={item} reply={reply} onLocation={() => setShowLocation(true)} /> : <CitizenMessage item={item} />}
          </li>
        ))}
        {inbox.data?.typing ? <li className="typing">{T.typing}</li> : null}
      </ol>
      {send.error ? (
        <p role="alert" className="error">
          {T.error}: {send.error.message}
        </p>
      ) : null}
      <Composer onSend={reply} onPhoto={(form) => send.mutate(form)} />
      {showLocation ? <LocationForm onSend={(location) => (reply({ type: 'location', ...location }), setShowLocation(false))} /> : (
        <button type="button" className="secondary" onClick={() => setShowLocation(true)}>
          {T.location}
        </button>
      )}
    </section>
  );
}

function Ticks({ status }: { status: string }) {
  const marks = status === 'delivered' || status === 'read' ? '✓✓' : status === 'sent' ? '✓' : status === 'failed' ? '!' : '·';
  return (
    <span className={`ticks ${status}`} title={T.status[status] ?? status}>
      <span aria-hidden="true">{marks}</span>
      <span className="sr-only">{T.status[status] ?? status}</span>
    </span>
  );
}

function TownMessage({ item, reply, onLocation }: { item: OutItem; reply: Reply; onLocation: () => void }) {
  const c = (item.content ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const context = { context_wamid: item.wamid };
  let body: React.ReactNode = T.unsupported(item.type);
  if (item.type === 'text') body = <p className="text">{c.body}</p>;
  else if (item.type === 'template') {
    const quick = ((c.components ?? []) as { sub_type?: string; parameters?: { payload?: string }[] }[]).filter((x) => x.sub_type === 'quick_reply');
    body = (
      <>
        <p className="text">{item.template?.rendered_body}</p>
        {quick.map((q, i) => {
          const payload = q.parameters?.[0]?.payload ?? String(i);
          // WhatsApp shows the template's button label and sends it back with the payload
          const label = item.template?.quick_replies?.[Number((q as { index?: string }).index ?? i)] ?? payload;
          return (
            <button key={payload} type="button" onClick={() => reply({ type: 'button', payload, text: label.slice(0, 25), ...context })}>
              {label}
            </button>
          );
        })}
      </>
    );
  } else if (item.type === 'interactive') {
    body = <Interactive content={c} reply={(m) => reply({ ...m, ...context })} onLocation={onLocation} />;
  } else if (item.type === 'image' || item.type === 'document' || item.type === 'video' || item.type === 'audio' || item.type === 'sticker') {
    const src = c.id ? api.mediaUrl(String(c.id)) : String(c.link ?? '');
    body = (
      <>
        {item.type === 'image' || item.type === 'sticker' ? <img src={src} alt={c.caption ?? T.photo} className="media" /> : <a href={src}>{c.filename ?? item.type}</a>}
        {c.caption ? <p className="text">{c.caption}</p> : null}
      </>
    );
  } else if (item.type === 'location') {
    body = (
      <p className="text">
        📍 {c.name ? `${c.name}, ` : ''}
        {c.address ? `${c.address}, ` : ''}
        {c.latitude}, {c.longitude}
      </p>
    );
  } else if (item.type === 'reaction') body = <p className="text">{c.emoji}</p>;
  return (
    <>
      <span className="sender">{T.fromTown}</span>
      {body}
      {item.error ? <p className="error">{`${item.error.code}: ${item.error.title}`}</p> : null}
      <Ticks status={item.status} />
    </>
  );
}

function Interactive({ content, reply, onLocation }: { content: Record<string, any>; reply: Reply; onLocation: () => void }) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const text = content.body?.text as string | undefined;
  const header = content.header?.text as string | undefined;
  const footer = content.footer?.text as string | undefined;
  let actions: React.ReactNode = null;
  if (content.type === 'button') {
    actions = (content.action?.buttons ?? []).map((b: { reply: { id: string; title: string } }) => (
      <button key={b.reply.id} type="button" onClick={() => reply({ type: 'button_reply', id: b.reply.id, title: b.reply.title })}>
        {b.reply.title}
      </button>
    ));
  } else if (content.type === 'list') {
    actions = (
      <details>
        <summary>{content.action?.button ?? T.openList}</summary>
        {(content.action?.sections ?? []).map((section: { title?: string; rows: { id: string; title: string; description?: string }[] }, i: number) => (
          <fieldset key={section.title ?? i}>
            {section.title ? <legend>{section.title}</legend> : null}
            {section.rows.map((row) => (
              <button key={row.id} type="button" onClick={() => reply({ type: 'list_reply', id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) })}>
                {row.title}
                {row.description ? <small> – {row.description}</small> : null}
              </button>
            ))}
          </fieldset>
        ))}
      </details>
    );
  } else if (content.type === 'location_request_message') {
    actions = (
      <button type="button" onClick={onLocation}>
        {T.location}
      </button>
    );
  }
  return (
    <>
      {header ? <strong>{header}</strong> : null}
      {text ? <p className="text">{text}</p> : null}
      {footer ? <small>{footer}</small> : null}
      <div className="actions">{actions}</div>
    </>
  );
}

function CitizenMessage({ item }: { item: InItem }) {
  const m = item.message as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let body: string;
  switch (item.type) {
    case 'text':
      body = m.text?.body ?? '';
      break;
    case 'interactive':
      body = m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? '';
      break;
    case 'button':
      body = m.button?.text ?? '';
      break;
    case 'location':
      body = `📍 ${m.location?.name ? `${m.location.name}, ` : ''}${m.location?.latitude}, ${m.location?.longitude}`;
      break;
    case 'image':
      body = `📷 ${m.image?.caption ?? ''}`;
      break;
    default:
      body = T.unsupported(item.type);
  }
  return (
    <>
      <span className="sender">{T.you}</span>
      <p className="text">{body}</p>
      <Ticks status={item.read_by_business ? 'read' : 'sent'} />
    </>
  );
}

function Composer({ onSend, onPhoto }: { onSend: Reply; onPhoto: (form: FormData) => void }) {
  const [text, setText] = useState('');
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    onSend({ type: 'text', text });
    setText('');
  };
  const handlePhoto = (file: File | undefined) => {
    if (!file) return;
    const form = new FormData();
    form.set('type', 'image');
    if (text.trim()) form.set('caption', text);
    form.set('file', file);
    onPhoto(form);
    setText('');
  };
  return (
    <form className="composer" onSubmit={handleSubmit}>
      <label htmlFor="composer-text" className="sr-only">
        {T.message}
      </label>
      <input id="composer-text" value={text} onChange={(e) => setText(e.target.value)} placeholder={T.message} autoComplete="off" />
      <button type="submit">{T.send}</button>
      <label className="file">
        {T.photo}
        <input type="file" accept="image/jpeg,image/png" onChange={(e) => handlePhoto(e.target.files?.[0])} />
      </label>
    </form>
  );
}

export type { Item };
