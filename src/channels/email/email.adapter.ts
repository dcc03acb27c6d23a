/**
 * The e-mail channel (issue 14, D71): a ChannelPort over SMTP (`SMTP_URL`, nodemailer) for
 * contacts who filed through the web form and confirmed an address. The dispatcher routes an
 * outbox row to this channel when its contact has a confirmed e-mail address and no WhatsApp
 * identity. E-mail has no customer-service window and no templates: every message is free-form
 * text (buttons and lists become their text plus the options as lines). Errors carry no address.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ChannelError, ChannelIdentity, ChannelPort, OutgoingMessage, SendResult } from '../channel.js';

export const EMAIL_CHANNEL = 'email';

export interface MailSender {
  sendMail(mail: { from: string; to: string; subject: string; text: string; messageId?: string }): Promise<unknown>;
  close?(): void;
}

/** The text an e-mail carries for a message; null when e-mail cannot carry it. */
export function emailText(message: OutgoingMessage): string | null {
  switch (message.type) {
    case 'text':
      return message.text;
    case 'buttons':
      return [message.header, message.text, '', ...message.buttons.map((b) => `– ${b.title}`), message.footer].filter((x) => x !== undefined).join('\n');
    case 'list':
      return [message.header, message.text, '', ...message.sections.flatMap((s) => s.rows.map((r) => `– ${r.title}`)), message.footer].filter((x) => x !== undefined).join('\n');
    case 'location':
      return [message.name, message.address, `https://www.openstreetmap.org/?mlat=${message.latitude}&mlon=${message.longitude}`].filter(Boolean).join('\n');
    case 'location_request':
      return message.text;
    default:
      return null;
  }
}

const unsupported = (type: string): ChannelError => ({ code: 'email_unsupported', title: `E-mail cannot carry a ${type} message`, reason: 'unsupported_type', retryable: false });

export function createEmailChannel(o: { smtpUrl: string; from: string; subject: string; transport?: MailSender }): ChannelPort & { close(): Promise<void> } {
  const transport: MailSender = o.transport ?? nodemailer.createTransport(o.smtpUrl);
  return {
    name: EMAIL_CHANNEL,
    validate(message) {
      return emailText(message) === null ? unsupported(message.type) : null;
    },
    async send(to: ChannelIdentity, message: OutgoingMessage): Promise<SendResult> {
      const text = emailText(message);
      if (text === null) return { ok: false, error: unsupported(message.type) };
      if (!to.email) return { ok: false, error: { code: 'no_address', title: 'No confirmed e-mail address', reason: 'unreachable', retryable: false } };
      const externalId = `email:${randomUUID()}`;
      try {
        await transport.sendMail({ from: o.from, to: to.email, subject: o.subject, text });
        return { ok: true, externalId };
      } catch (error) {
        const code = (error as { responseCode?: number; code?: string }).responseCode ?? (error as { code?: string }).code ?? 'smtp';
        const permanent = typeof code === 'number' && code >= 500;
        return { ok: false, error: { code, title: 'SMTP send failed', reason: permanent ? 'unreachable' : 'network', retryable: !permanent } };
      }
    },
    markRead: async () => ({ ok: true, externalId: '' }),
    windowState: () => 'open',
    classify: () => ({ form: 'free_form' }),
    uploadMedia: async () => ({ ok: false, error: unsupported('media') }),
    fetchMedia: async () => ({ ok: false, error: unsupported('media') }),
    deleteMedia: async () => ({ ok: true }),
    async close() {
      transport.close?.();
    },
  };
}
