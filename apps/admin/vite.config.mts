import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react()],
  resolve: {
    // Plain constant/type files shared with the API (no server imports inside).
    alias: { '@resetdesk/audit/audit.types': fileURLToPath(new URL('../../libs/audit/src/audit.types.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    // `npm run dev:admin` talks to an API started separately on :3000.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
