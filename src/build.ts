/** `npm run build`: builds the web pages (always). */
import { ensureWebBuild } from './web-build.js';

await ensureWebBuild({ force: true });
process.stdout.write('web pages built into dist/web\n');
