/**
 * The broadcast schedule (decision 18): every few seconds, scheduled broadcasts whose time has
 * come start sending, and sending broadcasts with no row left become `sent`. On PostgreSQL one
 * instance at a time runs it (a transaction-scoped advisory lock held for the round); the
 * status change is conditional as well, so a broadcast never starts twice.
 */
import type { Database } from '../../db/database.js';
import { tryJobLock, type Dialect } from '../../db/sql.js';
import type { Logger } from '../../lib/log.js';
import { Worker } from '../../lib/worker.js';
import type { BroadcastService } from './broadcast.service.js';

export class BroadcastScheduleJob extends Worker {
  constructor(private readonly o: { db: Database; dialect: Dialect; log: Logger; broadcasts: BroadcastService; everyMs?: number }) {
    super(o.everyMs ?? 5_000);
  }

  /** One round; always 0 so that the loop waits a full period before the next. */
  override async runOnce(): Promise<number> {
    const outcome = await this.o.db.transaction().execute(async (trx) => {
      if (!(await tryJobLock(trx, this.o.dialect, 'broadcast-schedule'))) return null;
      return { started: await this.o.broadcasts.startDue(trx), finished: await this.o.broadcasts.finishDone(trx) };
    });
    if (outcome && outcome.started + outcome.finished > 0) this.o.log.info(outcome, 'broadcast schedule');
    return 0;
  }
}
