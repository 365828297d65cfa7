import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { RequestContext } from './audit.types';

/** Client address and user agent of the request, for audit events. `trust proxy` decides what `req.ip` is. */
export const RequestCtx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<Request>();
  const userAgent = request.headers['user-agent'];
  const ip = request.ip ?? request.socket.remoteAddress ?? null;
  // IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d; record the address people recognise.
  return { ip: ip?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1') ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null };
});
