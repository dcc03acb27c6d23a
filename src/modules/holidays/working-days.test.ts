import { describe, expect, it } from 'vitest';
import { addWorkingDays, endOfLocalDay, isIsoDate, localDate, startOfLocalDay } from './working-days.js';

const NRW_2026 = new Set(['2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-06-04', '2026-12-25', '2026-12-26']);

describe('working days', () => {
  it('skips weekends', () => {
    expect(addWorkingDays('2026-01-09', 1, new Set())).toBe('2026-01-12'); // Friday + 1 → Monday
    expect(addWorkingDays('2026-01-10', 1, new Set())).toBe('2026-01-12'); // Saturday + 1 → Monday
    expect(addWorkingDays('2026-01-05', 10, new Set())).toBe('2026-01-19');
  });

  it('skips public holidays (Easter 2026: Good Friday and Easter Monday)', () => {
    expect(addWorkingDays('2026-04-02', 1, NRW_2026)).toBe('2026-04-07');
    expect(addWorkingDays('2026-12-23', 2, NRW_2026)).toBe('2026-12-28');
    expect(addWorkingDays('2026-06-03', 1, NRW_2026)).toBe('2026-06-05'); // Fronleichnam
  });

  it('0 days: the day itself, or the next working day', () => {
    expect(addWorkingDays('2026-01-07', 0, new Set())).toBe('2026-01-07');
    expect(addWorkingDays('2026-04-03', 0, NRW_2026)).toBe('2026-04-07');
  });

  it('validates dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('26-1-1')).toBe(false);
  });

  it('computes local days in the town time zone, across daylight saving', () => {
    expect(localDate(Date.parse('2026-03-28T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(new Date(startOfLocalDay('2026-03-29', 'Europe/Berlin')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(endOfLocalDay('2026-03-29', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(new Date(startOfLocalDay('2026-10-25', 'Europe/Berlin')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(endOfLocalDay('2026-10-25', 'Europe/Berlin')).toISOString()).toBe('2026-10-25T22:59:59.999Z');
  });
});
