/** Media attached to notices. One query per method. */
import type { Insertable, Kysely } from 'kysely';
import type { DB, MediaRow, MediaTable } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const mediaRepository = {
  async insert(db: Executor, row: Insertable<MediaTable>): Promise<number> {
    const { id } = await db.insertInto('media').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  async findById(db: Executor, id: number): Promise<MediaRow | undefined> {
    return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async setChannelMedia(db: Executor, id: number, channelMediaId: string, at: number): Promise<void> {
    await db.updateTable('media').set({ channel_media_id: channelMediaId, channel_uploaded_at: at }).where('id', '=', id).execute();
  },
};
