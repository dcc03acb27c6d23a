/**
 * Sends queued e-mails (mail_outbox) through SMTP (`SMTP_URL`, nodemailer), off the request:
 * claim with a lease (several instances share the queue), send, record; failures back off
 * (1 min, 2 min, 4 min … 1 h) and end as `failed` after 8 attempts. Errors are recorded without
 * addresses or texts.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Database } from '../../db/database.js';
import type { Dialect } from '../../db/sql.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { Worker } from '../../lib/worker.js';
import { mailRepository } from './notification.repository.js';

export interface MailTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
  close?(): void;
}

export interface MailWorkerOptions {
  db: Database;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  smtpUrl: string;
  from: string;
  maxAttempts?: number;
  pollMs?: number;
}

export class MailWorker extends Worker {
  readonly owner = `mail-${randomUUID()}`;
  private readonly transport: MailTransport;

  constructor(private readonly o: MailWorkerOptions) {
    super(o.pollMs ?? 5_000);
    this.transport = nodemailer.createTransport(o.smtpUrl);
  }

  override async runOnce(): Promise<number> {
    const now = this.o.clock.now().getTime();
    const rows = await mailRepository.claimDue(this.o.db, this.o.dialect, { owner: this.owner, now, leaseMs: 120_000, limit: 10 });
    for (const row of rows) {
      try {
        await this.transport.sendMail({ from: this.o.from, to: row.to_address, subject: row.subject, text: row.text_body });
        await mailRepository.markSent(this.o.db, row.id, this.owner, this.o.clock.now().getTime());
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${(error as { code?: string }).code ?? 'send failed'}` : 'send failed';
        if (row.attempts >= (this.o.maxAttempts ?? 8)) {
          await mailRepository.markFailed(this.o.db, row.id, this.owner, reason);
          this.o.log.warn({ mail_id: row.id, reason }, 'e-mail given up');
        } else {
          const delay = Math.min(3_600_000, 60_000 * 2 ** (row.attempts - 1));
          await mailRepository.markRetry(this.o.db, row.id, this.owner, this.o.clock.now().getTime() + delay, reason);
        }
      }
    }
    return rows.length;
  }

  override async stop(): Promise<void> {
    await super.stop();
    this.transport.close?.();
  }
}
