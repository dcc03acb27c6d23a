/** What the dialogue service needs of the data-rights module (a slice of `PrivacyService`). */
import type { Database } from '../../db/database.js';
import type { ContactRow } from '../../db/schema.js';
import type { Language } from '../../lib/language.js';
import type { Texts } from '../dialogue/catalogue/index.js';

export interface DialoguePrivacy {
  sendExport(trx: Database, args: { contact: ContactRow; language: Language; cause: string; texts?: Texts }): Promise<void>;
  erase(trx: Database, contact: Pick<ContactRow, 'id' | 'phone' | 'user_id'>, via: 'chat' | 'staff'): Promise<void>;
}
