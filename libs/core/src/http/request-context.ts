import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { clientAddress } from './client-address';

/** Where a request came from (for audit events and limits); passed down from the controller. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Client address and user agent of a request, for audit events and limits:
 * the one place that reads them, so every caller follows TRUST_PROXY (see clientAddress).
 */
export function requestContextOf(request: Request): RequestContext {
  const userAgent = request.headers['user-agent'];
  return { ip: clientAddress(request), userAgent: typeof userAgent === 'string' ? userAgent : null };
}

export const RequestCtx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(context.switchToHttp().getRequest<Request>()),
);
