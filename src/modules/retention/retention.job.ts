/**
 * Retention (docs/decisions.md D66): applies the periods of the `retention` setting, hourly, on
 * one instance at a time (decision 18), in one transaction per run:
 *
 * - raw webhook events processed more than `raw_webhook_days` ago are deleted (dead ones stay);
 * - outgoing messages whose journey ended that long ago lose their content (the row stays for
 *   the figures: state, times, Meta's pricing);
 * - cases closed more than `closed_case_personal_data_days` ago are anonymised: reporter,
 *   followers, description, address and photos go; reference, category, status and times stay;
 *   citizens' messages older than that go too, unless their sender has an open case;
 * - contacts without a message, subscription or consent change for `inactive_subscriber_days`
 *   and with no open case are deleted, with everything the personal-data registry knows of them;
 * - photos of erased contacts go, and photo files no row or draft in progress names any more
 *   (those of expired report drafts) once they are an hour old;
 * - audit entries older than `audit_log_days` are deleted.
 *
 * Each run is logged with counts only.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../db/database.js';
import { tryJobLock, type Dialect } from '../../db/sql.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { Worker } from '../../lib/worker.js';
import { listFiles } from '../backup/backup.files.js';
import { OPEN_STATUSES } from '../cases/case.service.js';
import type { PrivacyService } from '../privacy/privacy.service.js';
import { retentionSchema, type Retention } from '../settings/settings.schemas.js';
import { townRepository } from '../town/town.repository.js';
import { retentionRepository } from './retention.repository.js';

const DAY_MS = 86_400_000;
const BATCH = 500;
/** A photo file younger than this may belong to a draft or case being written right now. */
const ORPHAN_GRACE_MS = 3600_000;
/** Where citizens' photos live below MEDIA_DIR (cases/photo.store.ts). */
const PHOTO_DIR = 'photos';

export interface RetentionCounts {
  raw_webhook_events: number;
  outbox_payloads: number;
  cases_anonymised: number;
  messages: number;
  contacts_deleted: number;
  media_of_erased_contacts: number;
  files_deleted: number;
  audit_entries: number;
}

export class RetentionJob extends Worker {
  constructor(private readonly o: { db: Database; dialect: Dialect; clock: Clock; log: Logger; privacy: PrivacyService; mediaDir: string; everyMs?: number }) {
    super(o.everyMs ?? 3600_000);
  }

  /** One run now; `null` when another instance is running one. */
  async apply(): Promise<RetentionCounts | null> {
    const now = this.o.clock.now().getTime();
    const result = await this.o.db.transaction().execute(async (trx) => {
      if (!(await tryJobLock(trx, this.o.dialect, 'retention'))) return null;
      const parsed = retentionSchema.safeParse(await townRepository.getSetting<unknown>(trx, 'retention'));
      if (!parsed.success) return null; // no periods configured yet (before the seed)
      return this.inTransaction(trx, parsed.data, now);
    });
    if (!result) return null;
    const files = await this.deleteUnreferencedFiles(result.candidates, now);
    const counts = { ...result.counts, files_deleted: files };
    this.o.log.info(counts, 'retention applied');
    return counts;
  }

  private async inTransaction(trx: Database, r: Retention, now: number) {
    const rawCutoff = now - r.raw_webhook_days * DAY_MS;
    const raw_webhook_events = await retentionRepository.deleteProcessedEvents(trx, rawCutoff);
    const outbox_payloads = await retentionRepository.clearFinalPayloads(trx, rawCutoff);

    const candidates: string[] = [];
    const caseCutoff = now - r.closed_case_personal_data_days * DAY_MS;
    const cases = await retentionRepository.closedCasesWithPersonalData(trx, caseCutoff, BATCH);
    if (cases.length > 0) {
      candidates.push(...(await retentionRepository.deleteCaseMedia(trx, cases)));
      await retentionRepository.deleteFollowers(trx, cases);
      await retentionRepository.anonymiseCases(trx, cases);
    }

    const messages = await retentionRepository.deleteOldMessages(trx, caseCutoff, OPEN_STATUSES);

    const contacts = await retentionRepository.inactiveContacts(trx, now - r.inactive_subscriber_days * DAY_MS, OPEN_STATUSES, BATCH);
    for (const id of contacts) await this.o.privacy.purge(trx, id);

    const erasedMedia = await retentionRepository.deleteMediaOfErasedContacts(trx);
    candidates.push(...erasedMedia);
    const audit_entries = await retentionRepository.deleteAuditEntries(trx, now - r.audit_log_days * DAY_MS);
    return {
      candidates,
      counts: { raw_webhook_events, outbox_payloads, cases_anonymised: cases.length, messages, contacts_deleted: contacts.length, media_of_erased_contacts: erasedMedia.length / 2, audit_entries },
    };
  }

  /**
   * Deletes the photo files no row needs: those just released, and any under `photos/` older
   * than the grace period that neither a case nor a draft in progress names.
   */
  private async deleteUnreferencedFiles(released: string[], now: number): Promise<number> {
    const { paths, drafts } = await retentionRepository.referencedPaths(this.o.db);
    const named = (relative: string) => paths.has(relative) || drafts.some((d) => d.includes(relative));
    const candidates = new Set(released);
    for (const relative of await listFiles(path.join(this.o.mediaDir, PHOTO_DIR))) candidates.add(path.join(PHOTO_DIR, relative).split(path.sep).join('/'));
    let deleted = 0;
    for (const relative of candidates) {
      if (named(relative)) continue;
      const file = path.join(this.o.mediaDir, relative);
      try {
        const info = await stat(file);
        if (!released.includes(relative) && now - info.mtimeMs < ORPHAN_GRACE_MS) continue;
        await rm(file);
        deleted++;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return deleted;
  }

  override async runOnce(): Promise<number> {
    await this.apply();
    return 0;
  }
}
