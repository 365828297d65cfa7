import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema } from '@nestjs/swagger';
import type { HeadersObject } from '@nestjs/swagger';

/** Names of the security schemes the document declares (see buildOpenApiDocument). */
export const SecurityScheme = {
  /** The short-lived access token from POST /api/auth/login, sent as `Authorization: Bearer …`. */
  Bearer: 'bearer',
  /** The httpOnly refresh cookie, read only by POST /api/auth/refresh. */
  RefreshCookie: 'refresh-cookie',
  /** The chat app's HMAC signature of the request (X-ResetDesk-Signature). */
  ChatSignature: 'chat-signature',
} as const;

/** Marks an operation whose answers carry the throttler's X-RateLimit-* headers; the document builder adds them to its answers. */
export const RATE_LIMITED_EXTENSION = 'x-rate-limited';

/** The one error body every failure answers with (see HttpExceptionFilter); domain errors add their own details beside these. */
@ApiSchema({ name: 'ErrorBody', description: 'Every error answer; some codes add details (attemptsLeft, retryAfterSeconds, …).' })
export class ErrorBodyDto {
  @ApiProperty({ example: 409, minimum: 400, maximum: 599 }) statusCode: number;
  @ApiProperty({ example: 'Conflict', maxLength: 64 }) error: string;
  @ApiProperty({ example: 'Ticket #12 cannot move from closed to verified', maxLength: 2000 }) message: string;
  @ApiPropertyOptional({ description: 'the machine-readable reason, one per domain exception', example: 'ILLEGAL_MOVE', maxLength: 64 })
  code?: string;
}

const RETRY_AFTER: HeadersObject = {
  'Retry-After': {
    description: 'seconds to wait before trying again',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 },
  },
};

const ERROR_DESCRIPTIONS = {
  400: 'the request is malformed or fails validation',
  401: 'no valid access token (sign in, or refresh it)',
  403: 'signed in, but the role or the state of the thing does not allow it',
  404: 'no such thing',
  409: 'the current state does not allow it',
  422: 'understood, but the value is not acceptable',
  429: 'too many requests; see Retry-After',
  500: 'unexpected failure on our side (logged; never carries internals)',
  503: 'the database, Redis or the directory is unreachable; see Retry-After',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The response object of one error status, with the shared error body; used by the decorators and the document builder. */
export function errorResponse(status: ErrorStatus, description: string = ERROR_DESCRIPTIONS[status]) {
  return { status, description, type: ErrorBodyDto, ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}) };
}

/** Declares error answers with the shared error body: `@ApiErrorResponses(404, 409)`. */
export const ApiErrorResponses = (...statuses: ErrorStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse(errorResponse(status))));

/** A route for signed-in staff: the bearer scheme, and the 401/403 answers the guards give. */
export const ApiSignedIn = () => applyDecorators(ApiBearerAuth(SecurityScheme.Bearer), ApiErrorResponses(401, 403));

/** A route behind a ThrottlerGuard: 429 with Retry-After, and the X-RateLimit-* headers on its answers. */
export const ApiRateLimited = (description?: string) =>
  applyDecorators(ApiExtension(RATE_LIMITED_EXTENSION, true), ApiResponse(errorResponse(429, description)));
