/**
 * Keeps the template registry in step with the platform: at start and then hourly, on one
 * instance at a time (decision 18). Status webhooks update it in between. The staff app's
 * "sync now" calls `sync` directly.
 */
import type { ChannelPort } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import { tryJobLock, type Dialect } from '../../db/sql.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { Worker } from '../../lib/worker.js';
import { syncTemplates, type SyncOutcome } from './template.service.js';

export class TemplateSyncJob extends Worker {
  constructor(private readonly o: { db: Database; dialect: Dialect; clock: Clock; log: Logger; channel: ChannelPort; everyMs?: number }) {
    super(o.everyMs ?? 3600_000);
  }

  /**
   * One sync now, unless another instance is running one (`busy`). `onSynced` runs in the
   * sync's transaction after a successful sync (the staff route audits there).
   */
  async sync(onSynced?: (trx: Database, synced: number) => Promise<void>): Promise<SyncOutcome | { busy: true }> {
    const outcome = await this.o.db.transaction().execute(async (trx) => {
      if (!(await tryJobLock(trx, this.o.dialect, 'template-sync'))) return { busy: true as const };
      const result = await syncTemplates(trx, this.o.channel, this.o.clock.now().getTime());
      if ('synced' in result && onSynced) await onSynced(trx, result.synced);
      return result;
    });
    if ('error' in outcome) this.o.log.warn({ error: outcome.error }, 'template sync failed');
    else if ('synced' in outcome) this.o.log.info({ templates: outcome.synced }, 'templates synced');
    return outcome;
  }

  /** One sync; always 0 so that the loop waits a full period before the next. */
  override async runOnce(): Promise<number> {
    await this.sync();
    return 0;
  }
}
