import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Serves the built admin UI at /admin with an SPA fallback, and sends `/`
 * to it until the self-service portal takes that path.
 */
export function serveAdminUi(app: NestExpressApplication, distDir: string): boolean {
  const root = resolve(distDir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  app.use('/admin', express.static(root, { index: false, maxAge: '1h', immutable: false }));
  app.use('/admin', (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method === 'GET' && req.path === '/') return res.redirect(302, '/admin/');
    next();
  });
  return true;
}
