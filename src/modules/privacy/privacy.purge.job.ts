/**
 * Purges erased contacts once their confirmation has left (privacy.service.ts `purgeDue`),
 * every few seconds, on one instance at a time (decision 18).
 */
import type { Database } from '../../db/database.js';
import { Worker } from '../../lib/worker.js';
import type { PrivacyService } from './privacy.service.js';

export class PrivacyPurgeJob extends Worker {
  constructor(private readonly o: { db: Database; privacy: PrivacyService; everyMs?: number }) {
    super(o.everyMs ?? 5_000);
  }

  override async runOnce(): Promise<number> {
    return this.o.privacy.purgeDue(this.o.db);
  }
}
