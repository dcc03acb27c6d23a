/**
 * Calendar arithmetic in the town's calendar (decision 10: deadlines in working days, weekends
 * and the configured public holidays excluded). Dates are `YYYY-MM-DD` strings; instants are
 * epoch milliseconds. Pure; no I/O.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

function parts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The date `n` calendar days after `date`. */
export function addDays(date: string, n: number): string {
  const [y, mo, d] = parts(date);
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  const [y, mo, d] = parts(date);
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
}

export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  const wd = weekday(date);
  return wd !== 0 && wd !== 6 && !holidays.has(date);
}

/**
 * The date `days` working days after `date` (a Friday + 1 → the Monday; a holiday is skipped).
 * With 0, `date` itself, or the next working day when `date` is none.
 */
export function addWorkingDays(date: string, days: number, holidays: ReadonlySet<string>): string {
  let current = date;
  if (days <= 0) {
    while (!isWorkingDay(current, holidays)) current = addDays(current, 1);
    return current;
  }
  let left = days;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, holidays)) left--;
  }
  return current;
}

/** The calendar date of an instant in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds. */
function offsetMs(ms: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a local day starts (00:00 in `timeZone`). */
export function startOfLocalDay(date: string, timeZone: string): number {
  const [y, mo, d] = parts(date);
  const guess = Date.UTC(y, mo - 1, d);
  let result = guess - offsetMs(guess, timeZone);
  result = guess - offsetMs(result, timeZone);
  return result;
}

/** The last millisecond of a local day (a deadline "by the end of that day"). */
export function endOfLocalDay(date: string, timeZone: string): number {
  return startOfLocalDay(addDays(date, 1), timeZone) - 1;
}
