/** The ordered list of migrations; the same list runs on SQLite and PostgreSQL. */
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.js';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
};
