/**
 * The product's clock (decision 12): system time plus an offset kept in the database, so that
 * every process (several instances, a restarted child) sees the same time. In emulator mode the
 * emulator's control API advances it; in cloud mode advancing is refused.
 */
import { OffsetClock } from '../lib/clock.js';
import type { Database } from './database.js';

export class DbClock extends OffsetClock {
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly db: Database,
    offsetMs: number,
    private readonly canAdvance: boolean,
  ) {
    super(offsetMs);
  }

  /** Reads the stored offset. `canAdvance` is true only in emulator mode and tests. */
  static async load(db: Database, options: { canAdvance: boolean }): Promise<DbClock> {
    const clock = new DbClock(db, 0, options.canAdvance);
    await clock.refresh();
    return clock;
  }

  /** Re-reads the offset another process may have changed. */
  async refresh(): Promise<void> {
    const row = await this.db.selectFrom('clock_state').select('offset_ms').where('id', '=', 1).executeTakeFirst();
    this.setOffset(this.canAdvance ? (row?.offset_ms ?? 0) : 0);
  }

  /** Moves time forward for every process of the product. */
  async advance(seconds: number): Promise<Date> {
    if (!this.canAdvance) throw new Error('the clock can only be advanced in emulator mode');
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error('advance must be a non-negative number of seconds');
    const deltaMs = Math.round(seconds * 1000);
    await this.db
      .updateTable('clock_state')
      .set((eb) => ({ offset_ms: eb('offset_ms', '+', deltaMs), updated_at: Date.now() }))
      .where('id', '=', 1)
      .execute();
    await this.refresh();
    return this.now();
  }

  /** Keeps the offset current while the process runs. */
  startRefreshing(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch(() => undefined);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
