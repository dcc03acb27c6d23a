import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, createTestDatabase, type TestDatabase } from '../test/databases.js';
import { DbClock } from './db-clock.js';

describeEachDatabase('one clock', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.drop();
  });

  it('an advance is seen by another process of the product through the database', async () => {
    const clock = await DbClock.load(database.db, { canAdvance: true });
    const other = await database.openAnother();
    try {
      const otherClock = await DbClock.load(other.db, { canAdvance: true });
      const before = otherClock.now().getTime();
      await clock.advance(25 * 3600);
      await otherClock.refresh();
      const shifted = otherClock.now().getTime() - before;
      expect(shifted).toBeGreaterThanOrEqual(25 * 3600_000);
      expect(shifted).toBeLessThan(25 * 3600_000 + 60_000);
      // a process started later sees it too
      const late = await DbClock.load(other.db, { canAdvance: true });
      expect(late.offset).toBe(25 * 3600_000);
    } finally {
      await other.close();
    }
  });

  it('refuses to advance outside emulator mode and ignores a stored offset there', async () => {
    await (await DbClock.load(database.db, { canAdvance: true })).advance(3600);
    const production = await DbClock.load(database.db, { canAdvance: false });
    expect(production.offset).toBe(0);
    await expect(production.advance(60)).rejects.toThrow(/only be advanced in emulator mode/);
  });

  it('rejects a negative advance', async () => {
    const clock = await DbClock.load(database.db, { canAdvance: true });
    await expect(clock.advance(-5)).rejects.toThrow(/non-negative/);
  });
});
