/**
 * Sign-in: `GET /api/session` (public: the mode for the emulator banner, the town's name and —
 * when signed in — the person, their capabilities and the CSRF token), `POST /api/session`
 * (login, rate-limited and throttled), `DELETE /api/session` (logout).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { clearSessionCookie, contextOf, setSessionCookie } from '../../http/auth.js';
import { email, errorSchema } from '../../http/schemas.js';
import { capabilitiesOf, ROLES } from './auth.policy.js';
import { PASSWORD_MAX_LENGTH } from './password.js';
import type { Principal } from './principal.js';

const sessionSchema = z.object({
  mode: z.enum(['emulator', 'cloud']),
  time_zone: z.string(),
  town: z.object({ name: z.string(), service_name: z.string() }).nullable(),
  authenticated: z.boolean(),
  auth: z.enum(['session', 'token', 'bootstrap']).nullable(),
  user: z
    .object({
      id: z.number(),
      email: z.string(),
      name: z.string(),
      language: z.string(),
      department_ids: z.array(z.number()),
    })
    .nullable(),
  roles: z.array(z.enum(ROLES)),
  capabilities: z.array(z.string()),
  csrf_token: z.string().nullable(),
  expires_at: z.string().nullable(),
});

export async function sessionRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = container.config.publicUrl.startsWith('https:');

  const describe = async (principal: Principal | null, expiresAt: number | null = null): Promise<z.infer<typeof sessionSchema>> => {
    const town = await container.settings.get(container.db, 'town').catch(() => null);
    return {
      mode: container.config.whatsapp.mode,
      time_zone: container.config.townTimezone,
      town: town ? { name: town.name, service_name: town.service_name } : null,
      authenticated: principal !== null,
      auth: principal === null ? null : principal.kind === 'user' ? 'session' : principal.kind,
      user:
        principal?.kind === 'user'
          ? { id: principal.userId, email: principal.email, name: principal.name, language: principal.language, department_ids: principal.departmentIds }
          : null,
      roles: principal?.roles ?? [],
      capabilities: principal ? capabilitiesOf(principal.roles) : [],
      csrf_token: principal?.kind === 'user' ? principal.csrfToken : null,
      expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString(),
    };
  };

  r.get(
    '/api/session',
    {
      config: { access: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        summary: 'Who is signed in, the mode (emulator or cloud) and the CSRF token',
        tags: ['session'],
        response: { 200: z.object({ data: sessionSchema }) },
      },
    },
    async (request) => ({ data: await describe(request.principal) }),
  );

  r.post(
    '/api/session',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign in with e-mail and password (sets the session cookie)',
        tags: ['session'],
        body: z.object({ email, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
        response: { 200: z.object({ data: sessionSchema }), 401: errorSchema, 422: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const result = await container.auth.login(container.db, request.body, request.ip ?? null);
      setSessionCookie(reply, result.cookieValue, secure);
      return { data: await describe(result.principal, result.expiresAt) };
    },
  );

  r.delete(
    '/api/session',
    {
      config: { access: 'user' },
      schema: { summary: 'Sign out', tags: ['session'], response: { 200: z.object({ data: z.object({ signed_out: z.literal(true) }) }), 401: errorSchema, 403: errorSchema } },
    },
    async (request, reply) => {
      await container.auth.logout(container.db, contextOf(request));
      clearSessionCookie(reply, secure);
      return { data: { signed_out: true as const } };
    },
  );
}
