/** The ordered list of migrations; the same list runs on SQLite and PostgreSQL. */
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-staff.js'; // staff app (issue 7)
import * as m0003 from './0003-dispatcher.js'; // dispatcher (issue 5)
import * as m0004 from './0004-dialogue.js'; // citizen dialogue (issue 8)
import * as m0005 from './0005-privacy-tourism.js'; // tourist answers, data rights (issue 9)
import * as m0006 from './0006-broadcasts.js'; // broadcasts (issue 10)
import * as m0007 from './0007-cases.js'; // cases from reports (issue 11)
import * as m0008 from './0008-inbound-claim.js'; // benchmarks (issue 6)
import * as m0009 from './0009-case-workflow.js'; // case workflow (issue 12)
import * as m0011 from './0011-public.js'; // web form e-mail identity (issue 14)

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-staff': m0002,
  '0003-dispatcher': m0003,
  '0004-dialogue': m0004,
  '0005-privacy-tourism': m0005,
  '0006-broadcasts': m0006,
  '0007-cases': m0007,
  '0008-inbound-claim': m0008,
  '0009-case-workflow': m0009,
  '0011-public': m0011,
};
