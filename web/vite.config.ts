/**
 * One Vite build for every page the server serves: the staff app (`/`) and the phone simulator
 * (`/simulator`); later the public page. Output: dist/web (served by src/http/web.routes.ts).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        staff: `${root}staff/index.html`,
        simulator: `${root}simulator/index.html`,
      },
    },
  },
});
