/**
 * Serves the built web pages (dist/web): hashed assets under /assets/ (cached for a year), the
 * staff app at / (and its client-side routes), the phone simulator at /simulator (emulator mode).
 */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WEB_DIST } from '../web-build.js';

export interface WebRouteOptions {
  /** The simulator exists only in emulator mode. */
  simulator: boolean;
  /** Guard for the simulator page (loopback or admin token, decision 13). */
  simulatorAccess: (request: FastifyRequest) => boolean;
  /** Map tiles for the pages (MAP_TILE_URL, MAP_ATTRIBUTION); null → no map, coordinates only. */
  map: { tileUrl: string | null; attribution: string | null };
  /** Where the map and the location form start (the town's centre from its settings). */
  townCenter: () => Promise<{ latitude: number; longitude: number } | null>;
}

/** Client-side routes of the staff app (answered with its index.html). */
export const STAFF_APP_PATHS = ['/', '/anliegen', '/anliegen/*', '/mitteilungen', '/mitteilungen/*', '/abonnenten', '/auswertung', '/einstellungen', '/einstellungen/*', '/protokoll', '/login', '/konto', '/benachrichtigungen']; // + /benachrichtigungen (issue 7)

export async function webRoutes(app: FastifyInstance, options: WebRouteOptions): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(WEB_DIST, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
  });

  const page = (reply: FastifyReply, file: string) => reply.header('cache-control', 'no-cache').sendFile(file, WEB_DIST);

  for (const url of STAFF_APP_PATHS) app.get(url, (_request, reply) => page(reply, 'staff/index.html'));

  if (options.simulator) {
    app.get('/simulator', (request, reply) => {
      if (!options.simulatorAccess(request)) {
        return reply.status(403).send({ error: { code: 'emulator/forbidden', message: 'The simulator answers only local clients or the admin token' } });
      }
      return page(reply, 'simulator/index.html');
    });
    app.get('/simulator/config.json', async (request, reply) => {
      if (!options.simulatorAccess(request)) return reply.status(403).send({ error: { code: 'emulator/forbidden', message: 'Local clients only' } });
      return { map_tile_url: options.map.tileUrl, map_attribution: options.map.attribution, center: await options.townCenter() };
    });
  }
}
