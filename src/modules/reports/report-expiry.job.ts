/**
 * Unfinished report drafts expire after the town's `report_draft_minutes` (below 24 hours).
 * This job closes them and, while the citizen's 24-hour window is still open, tells them (a
 * free-form note through the outbox, in the same transaction). Every minute, one instance at a
 * time (decision 18). A citizen who writes after the expiry but before this round starts afresh
 * anyway: the engine reads an expired flow as idle.
 */
import type { Database } from '../../db/database.js';
import { tryJobLock, type Dialect } from '../../db/sql.js';
import type { Clock } from '../../lib/clock.js';
import { isLanguage } from '../../lib/language.js';
import type { Logger } from '../../lib/log.js';
import { Worker } from '../../lib/worker.js';
import { createTexts, usableOverrides } from '../dialogue/catalogue/index.js';
import { DIALOGUE_TEXTS_SETTING } from '../dialogue/dialogue.service.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { townRepository } from '../town/town.repository.js';
import { reportRepository } from './report.repository.js';

/** The customer-service window: a free-form note is allowed until 24 h after the last message. */
const WINDOW_MS = 24 * 3600_000;
const BATCH = 100;

export class ReportDraftExpiryJob extends Worker {
  constructor(private readonly o: { db: Database; dialect: Dialect; clock: Clock; log: Logger; outbox: OutboxService; everyMs?: number }) {
    super(o.everyMs ?? 60_000);
  }

  /** Closes a batch of expired drafts; returns how many. */
  override async runOnce(): Promise<number> {
    const closed = await this.o.db.transaction().execute(async (trx) => {
      if (!(await tryJobLock(trx, this.o.dialect, 'report-draft-expiry'))) return 0;
      const now = this.o.clock.now().getTime();
      const drafts = await reportRepository.expiredDrafts(trx, now, BATCH);
      if (drafts.length === 0) return 0;
      const texts = createTexts(usableOverrides(await townRepository.getSetting<unknown>(trx, DIALOGUE_TEXTS_SETTING)).usable);
      let n = 0;
      for (const d of drafts) {
        if (!(await reportRepository.closeExpired(trx, d.contact_id, d.expires_at!, now))) continue;
        n++;
        if (d.last_inbound_at !== null && now - d.last_inbound_at < WINDOW_MS) {
          const language = isLanguage(d.language) ? d.language : 'de';
          await this.o.outbox.enqueue(trx, { contactId: d.contact_id, kind: 'dialogue_reply', message: { type: 'text', text: texts.text(language, 'report.expired') }, cause: 'report:expired' });
        }
      }
      return n;
    });
    if (closed > 0) this.o.log.info({ drafts: closed }, 'report drafts expired');
    return closed;
  }
}
