import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { RequestContext } from './audit.types';

/** Client address and user agent of the request, for audit events. `trust proxy` decides what `req.ip` is. */
export const RequestCtx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<Request>();
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip ?? request.socket.remoteAddress ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null };
});
