import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** In `vite` dev, answer page loads like the API does: /admin/* is the staff app, other pages the portal. */
const pageRoutes = (): Plugin => ({
  name: 'resetdesk-page-routes',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const pageLoad = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !path.startsWith('/api/');
      if (pageLoad)
        req.url = path === '/admin' || path.startsWith('/admin/') ? '/index.html' : `/portal.html${req.url!.slice(path.length)}`;
      next();
    });
  },
});

// Two pages from one app: the staff app (react-admin) under /admin and the light self-service portal at /.
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), pageRoutes()],
  resolve: {
    // Plain constant/type files shared with the API (no server imports inside).
    alias: { '@resetdesk/audit/audit.types': fileURLToPath(new URL('../../libs/audit/src/audit.types.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        admin: fileURLToPath(new URL('index.html', import.meta.url)),
        portal: fileURLToPath(new URL('portal.html', import.meta.url)),
      },
    },
  },
  server: {
    port: 5173,
    // `npm run dev:admin` talks to an API started separately on :3000.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
