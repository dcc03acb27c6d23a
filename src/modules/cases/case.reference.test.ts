/**
 * Reference numbers: the configurable format, and unique numbers when many cases are filed at
 * once — on SQLite and PostgreSQL (parallel transactions on one counter row).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { formatReference, isReferenceFormat, referenceScope } from './case.reference.js';

describe('reference formats', () => {
  it('fill prefix, year and the number with its digits; reject what would not be unique or safe', () => {
    expect(formatReference('{prefix}-{year}-{number}', { prefix: 'KE', year: 2026, number: 123 })).toBe('KE-2026-000123');
    expect(formatReference('{prefix}/{number:4}', { prefix: 'KE', year: 2026, number: 7 })).toBe('KE/0007');
    expect(referenceScope('{prefix}-{year}-{number}', 2026)).toBe('2026');
    expect(referenceScope('{prefix}/{number:4}', 2026)).toBe('all');
    expect(isReferenceFormat('{prefix}-{year}-{number}')).toBe(true);
    expect(isReferenceFormat('{prefix}-{year}')).toBe(false);
    expect(isReferenceFormat('{number}-{number}')).toBe(false);
    expect(isReferenceFormat('{prefix} {number}')).toBe(false);
    expect(isReferenceFormat('{town}-{number}')).toBe(false);
  });
});

describeEachDatabase('reference numbers under concurrency', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('24 filings at once get 24 different numbers; the format comes from the town settings', async () => {
    const category = await t.database.db.selectFrom('category').select('id').where('key', '=', 'beleuchtung').executeTakeFirstOrThrow();
    const prepare = (format?: string) =>
      t.container.db.transaction().execute((trx) => t.container.reports.cases.prepare(trx, { categoryId: category.id, prefix: 'KE', ...(format ? { format } : {}) }));
    const results = await Promise.all(Array.from({ length: 24 }, () => prepare()));
    const references = results.map((r) => r.reference);
    expect(new Set(references).size).toBe(24);
    for (const r of references) expect(r).toMatch(/^KE-\d{4}-\d{6}$/);
    expect(references.map((r) => Number(r.slice(-6))).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    // a transaction that takes a number and fails leaves no trace but never a repeat
    await expect(t.container.db.transaction().execute(async (trx) => {
      await t.container.reports.cases.prepare(trx, { categoryId: category.id, prefix: 'KE' });
      throw new Error('filing failed');
    })).rejects.toThrow('filing failed');
    expect((await prepare()).reference).toMatch(/-000025$/);
    expect((await prepare('{prefix}/{number:4}')).reference).toBe('KE/0001');
  });
});
