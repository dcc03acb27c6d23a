import { afterEach, expect, it } from 'vitest';
import { DbClock } from '../../db/db-clock.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { testConfig } from '../../test/test-app.js';
import { readSeed, seedTown } from './town.seed.js';
import { townRepository } from './town.repository.js';

describeEachDatabase('town seed', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.drop();
  });

  it('seeds town, topics, departments, categories, holidays, retention and rate card once', async () => {
    database = await createTestDatabase(dialect);
    const clock = await DbClock.load(database.db, { canAdvance: true });
    const seed = readSeed(testConfig().townSeedFile);
    expect(await seedTown(database.db, clock, seed)).toBe(true);
    expect(await seedTown(database.db, clock, seed)).toBe(false);
    const count = async (table: 'department' | 'category' | 'holiday' | 'topic') =>
      Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('department')).toBe(seed.departments!.length);
    expect(await count('category')).toBe(seed.categories!.length);
    expect(await count('holiday')).toBe(22);
    expect(await count('topic')).toBe(seed.topics.length);
    expect(await townRepository.getSetting(database.db, 'rate_card')).toMatchObject({ estimate: true, currency: 'EUR' });
  });

  it('a database seeded before the staff part existed receives it on the next start', async () => {
    database = await createTestDatabase(dialect);
    const clock = await DbClock.load(database.db, { canAdvance: true });
    const full = readSeed(testConfig().townSeedFile);
    const { departments: _d, categories: _c, holidays: _h, retention: _r, rate_card: _rc, ...townOnly } = full;
    expect(await seedTown(database.db, clock, townOnly)).toBe(true);
    expect(await seedTown(database.db, clock, full)).toBe(true);
    expect(await seedTown(database.db, clock, full)).toBe(false);
    expect(await townRepository.getSetting(database.db, 'retention')).toMatchObject({ raw_webhook_days: 30 });
  });
});
