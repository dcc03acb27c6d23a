/**
 * API tokens for integrations and scripts (decision 17): random, shown once, stored as sha256,
 * scoped to one role, revocable; the last use is recorded.
 */
import type { Database } from '../../db/database.js';
import type { ApiTokenRow } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/audit.service.js';
import { tokenRepository } from './auth.repository.js';
import { API_TOKEN_PREFIX } from './auth.service.js';
import type { Role } from './auth.policy.js';
import { randomSecret, sha256Hex } from './password.js';
import type { RequestContext } from './principal.js';

export interface TokenDto {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  created_by: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toTokenDto(row: ApiTokenRow): TokenDto {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    created_by: row.created_by,
    created_at: new Date(row.created_at).toISOString(),
    last_used_at: iso(row.last_used_at),
    revoked_at: iso(row.revoked_at),
  };
}

export interface TokenService {
  list(db: Database): Promise<TokenDto[]>;
  /** Creates a token; the secret is in the answer and nowhere else. */
  create(db: Database, ctx: RequestContext, input: { name: string; role: Role }): Promise<TokenDto & { token: string }>;
  revoke(db: Database, ctx: RequestContext, id: number): Promise<TokenDto>;
}

export function createTokenService({ clock, audit }: { clock: Clock; audit: AuditService }): TokenService {
  return {
    async list(db) {
      return (await tokenRepository.list(db)).map(toTokenDto);
    },

    async create(db, ctx, input) {
      const token = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
      const now = clock.now().getTime();
      const createdBy = ctx.principal?.kind === 'user' ? ctx.principal.userId : null;
      return db.transaction().execute(async (trx) => {
        const id = await tokenRepository.insert(trx, {
          name: input.name,
          role: input.role,
          token_hash: sha256Hex(token),
          prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
          created_by: createdBy,
          created_at: now,
          last_used_at: null,
          revoked_at: null,
        });
        await audit.record(trx, { ctx, action: 'token.create', subject_type: 'api_token', subject_id: id, detail: { name: input.name, role: input.role } });
        const row = await tokenRepository.findById(trx, id);
        return { ...toTokenDto(row!), token };
      });
    },

    async revoke(db, ctx, id) {
      return db.transaction().execute(async (trx) => {
        const row = await tokenRepository.findById(trx, id);
        if (!row) throw notFound('token/not_found', 'No API token with this id');
        if (await tokenRepository.revoke(trx, id, clock.now().getTime())) {
          await audit.record(trx, { ctx, action: 'token.revoke', subject_type: 'api_token', subject_id: id, detail: { name: row.name } });
        }
        return toTokenDto((await tokenRepository.findById(trx, id))!);
      });
    },
  };
}
