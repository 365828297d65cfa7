import type { NestExpressApplication } from '@nestjs/platform-express';
import { PORTAL_PATHS } from '@resetdesk/core';
import express from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Serves the built web app: hashed assets under /assets, the staff app
 * (index.html) for every /admin path, and the self-service portal
 * (portal.html) for the portal's pages. Pages are never cached, so a new
 * release is picked up on the next visit.
 */
export function serveWebApp(app: NestExpressApplication, distDir: string): boolean {
  const root = resolve(distDir);
  const adminPage = join(root, 'index.html');
  const portalPage = join(root, 'portal.html');
  if (!existsSync(adminPage) || !existsSync(portalPage)) return false;
  app.use('/assets', express.static(join(root, 'assets'), { index: false, maxAge: '1y', immutable: true, fallthrough: false }));
  const sendPage = (page: string) => (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  };
  app.use('/admin', sendPage(adminPage));
  const portal = sendPage(portalPage);
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) =>
    PORTAL_PATHS.includes(req.path) ? portal(req, res, next) : next(),
  );
  return true;
}
