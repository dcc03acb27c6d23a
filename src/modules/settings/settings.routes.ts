/**
 * JSON settings: town data, retention periods, the rate card — read (settings read) and replace
 * (settings write). Each body is validated whole, so nothing is half-saved.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { errorSchema, guardedErrors, writeErrors } from '../../http/schemas.js';
import { SETTING_SCHEMAS, type SettingKey } from './settings.service.js';

const ROUTES: { key: SettingKey; path: string; summary: string }[] = [
  { key: 'town', path: '/api/settings/town', summary: 'Town data (name, service name, reference prefix, links, contact, map centre)' },
  { key: 'retention', path: '/api/settings/retention', summary: 'Retention periods in days' },
  { key: 'rate_card', path: '/api/settings/rate-card', summary: 'Price per delivered template message by category × market (EUR)' },
  {
    key: 'dialogue_texts',
    path: '/api/settings/dialogue-texts',
    summary: "Overrides of the WhatsApp dialogue's texts per language ({de: {key: text}}); an override is used only when its key exists and its placeholders match",
  },
];

export async function settingsRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  for (const { key, path, summary } of ROUTES) {
    const schema = SETTING_SCHEMAS[key] as z.ZodType;
    r.get(
      path,
      { config: { access: 'settings.read' }, schema: { summary, tags: ['settings'], response: { 200: z.object({ data: schema }), ...guardedErrors, 404: errorSchema } } },
      async () => ({ data: await container.settings.get(container.db, key) }),
    );
    r.put(
      path,
      { config: { access: 'settings.write' }, schema: { summary: `Replace: ${summary}`, tags: ['settings'], body: schema, response: { 200: z.object({ data: schema }), ...writeErrors } } },
      async (request) => ({ data: await container.settings.put(container.db, contextOf(request), key, request.body as never) }),
    );
  }
}
