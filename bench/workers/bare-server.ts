/** The comparison for webhook ingest: a bare node:http server (own process) that reads the body and answers 200. */
import { createServer } from 'node:http';
import { exitWithParent, report } from '../lib/proc.js';

const server = createServer((request, response) => {
  request.on('data', () => undefined);
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ok"}');
  });
});
server.keepAliveTimeout = 30_000;
exitWithParent(async () => {
  server.close();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  report({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});
