/**
 * A channel that records what it is asked to send and answers like a healthy platform.
 * Used by the foundation's tests until the emulator takes over (emulator issue).
 */
import { randomUUID } from 'node:crypto';
import type { ChannelError, ChannelIdentity, ChannelPort, OutgoingMessage, SendResult } from '../channel.js';

export interface RecordedSend {
  to: ChannelIdentity;
  message: OutgoingMessage;
  correlation?: string;
  externalId: string;
}

export class RecordingChannel implements ChannelPort {
  readonly sent: RecordedSend[] = [];
  /** Errors to answer the next sends with, in order (then success again). */
  readonly failNext: ChannelError[] = [];

  constructor(readonly name = 'whatsapp') {}

  validate(): ChannelError | null {
    return null;
  }

  async send(to: ChannelIdentity, message: OutgoingMessage, options?: { correlation?: string }): Promise<SendResult> {
    const error = this.failNext.shift();
    if (error) return { ok: false, error };
    const externalId = `rec.${randomUUID()}`;
    this.sent.push({ to, message, correlation: options?.correlation, externalId });
    return { ok: true, externalId };
  }

  async markRead(): Promise<SendResult> {
    return { ok: true, externalId: '' };
  }

  windowState(lastInboundAt: Date | null, at: Date) {
    return lastInboundAt !== null && at.getTime() - lastInboundAt.getTime() < 24 * 3600_000 ? 'open' : 'closed';
  }

  classify(message: OutgoingMessage) {
    return { form: message.type === 'template' ? ('template' as const) : ('free_form' as const) };
  }

  async uploadMedia() {
    return { ok: true as const, mediaId: randomUUID() };
  }

  async fetchMedia() {
    return { ok: false as const, error: { code: 'not_supported', title: 'no media', reason: 'media' as const, retryable: false } };
  }

  async deleteMedia() {
    return { ok: true as const };
  }
}
