import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainException, RequestErrorCode, RequestException } from './domain.exception';
import { isConnectionFailure, OutageErrorCode, OutageException } from './outage';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** The catalogue code (docs/error-codes.md): what clients switch on, never the message. */
  code: string;
  [detail: string]: unknown;
}

const INTERNAL_MESSAGE = 'Something went wrong on our side; the error has been logged.';

/**
 * Every error leaves as `{statusCode, error, message, code}` with a code from
 * the catalogue, framework errors included; unexpected ones are logged and
 * never leak internals. A lost database or Redis connection is an outage, not
 * a bug: 503 with Retry-After, logged in one line.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const outage = !(exception instanceof DomainException) && isConnectionFailure(exception);
    const body = this.toBody(outage ? new OutageException('The database or Redis') : exception, response);
    if (outage) this.logger.warn(`Answered 503: ${exception instanceof Error ? exception.message : String(exception)}`);
    else if (body.statusCode >= 500 && !(exception instanceof OutageException))
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (response.headersSent) return;
    // Domain limits (e.g. "another code in 42 s") say when to come back the standard way too.
    if (typeof body.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(body.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  /** `response` lets a framework refusal carry what its guard already answered (the throttler's Retry-After). */
  toBody(exception: unknown, response?: Pick<Response, 'getHeader'>): ErrorBody {
    if (exception instanceof DomainException) return domainErrorBody(exception);
    if (exception instanceof HttpException) return frameworkErrorBody(exception, response);
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: errorName(500),
      message: INTERNAL_MESSAGE,
      code: RequestErrorCode.Internal,
    };
  }
}

/** A domain exception as the API answers it. */
export function domainErrorBody(exception: DomainException): ErrorBody {
  return {
    ...exception.details,
    statusCode: exception.status,
    error: errorName(exception.status),
    message: exception.message,
    code: exception.code,
  };
}

/** What multer (through Nest) keeps as the cause of the HttpException it raises. */
interface UploadError {
  code?: unknown;
  field?: unknown;
  message?: unknown;
}

/**
 * Nest's own HttpExceptions (unknown route, guards, pipes, the throttler,
 * multer's upload limits) in the catalogue: the matching code, and a message
 * a person can act on where Nest's says only the status.
 */
function frameworkErrorBody(exception: HttpException, response?: Pick<Response, 'getHeader'>): ErrorBody {
  const status = exception.getStatus();
  const raw = exception.getResponse();
  const given = (typeof raw === 'string' ? raw : messageOf(raw)) ?? exception.message;
  // Nest's defaults only repeat the status ("Forbidden", "Forbidden resource" from a guard that said no).
  const bare = given === errorName(status) || given === 'Forbidden resource' || /^ThrottlerException/.test(given);
  const answer = (code: RequestErrorCode, sentence: string, details: Record<string, unknown> = {}) =>
    domainErrorBody(new RequestException(code, bare ? sentence : given, details));
  const upload = uploadRefusal(exception.cause);
  if (upload) return domainErrorBody(upload);
  switch (status) {
    case 400:
      return answer(RequestErrorCode.Validation, 'The request is invalid');
    case 401:
      return answer(RequestErrorCode.Unauthenticated, 'Sign in first: send the access token as "Authorization: Bearer <token>"');
    case 403:
      return answer(RequestErrorCode.Forbidden, 'You are not allowed to do this');
    case 404:
      // The router's own answer for a method and path nothing serves.
      return answer(/^Cannot [A-Z]+ \//.test(given) ? RequestErrorCode.RouteNotFound : RequestErrorCode.NotFound, 'Nothing is here');
    case 405:
      return answer(RequestErrorCode.MethodNotAllowed, 'This route does not take this method');
    case 413:
      return answer(RequestErrorCode.BodyTooLarge, 'The request body is larger than this route accepts');
    case 415:
      return answer(RequestErrorCode.UnsupportedMediaType, 'Send the request body as JSON with Content-Type: application/json');
    case 429: {
      // @nestjs/throttler has set Retry-After already; the body says it too, like the domain limits.
      const retryAfter = Number(response?.getHeader('Retry-After'));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
      return answer(
        RequestErrorCode.TooManyRequests,
        `Too many requests; try again${wait ? ` in ${wait} s` : ' shortly'}`,
        wait ? { retryAfterSeconds: wait } : {},
      );
    }
    case 503:
      return {
        statusCode: 503,
        error: errorName(503),
        message: bare ? 'The service is unavailable right now; try again shortly' : given,
        code: OutageErrorCode.Unavailable,
      };
  }
  if (status >= 400 && status < 500)
    return { statusCode: status, error: errorName(status), message: given, code: RequestErrorCode.Refused };
  return { statusCode: 500, error: errorName(500), message: INTERNAL_MESSAGE, code: RequestErrorCode.Internal };
}

const MULTER_LIMITS = new Set([
  'LIMIT_PART_COUNT',
  'LIMIT_FIELD_KEY',
  'LIMIT_FIELD_VALUE',
  'LIMIT_FIELD_COUNT',
  'LIMIT_FIELD_NESTING',
  'LIMIT_FIELD_ARRAY_INDEX',
  'INVALID_FIELD_NAME',
  'MISSING_FIELD_NAME',
]);
// busboy's words for a body that is not well-formed multipart (it sets no code on these).
const MALFORMED_MULTIPART = /^(Multipart: )?(Boundary not found|Malformed part header|Unexpected end of (form|file))/;

/** The catalogue's answer for a refused upload, from the multer or busboy error Nest keeps as the cause. */
function uploadRefusal(cause: unknown): RequestException | null {
  if (!cause || typeof cause !== 'object') return null;
  const { code, field, message } = cause as UploadError;
  const where = typeof field === 'string' && field ? ` "${field}"` : '';
  if (code === 'LIMIT_FILE_SIZE')
    return new RequestException(RequestErrorCode.FileTooLarge, `The file in${where || ' the upload'} is larger than this upload accepts`);
  if (code === 'LIMIT_FILE_COUNT')
    return new RequestException(RequestErrorCode.TooManyFiles, 'More files were sent than this upload accepts');
  if (code === 'LIMIT_UNEXPECTED_FILE')
    return new RequestException(
      RequestErrorCode.UnexpectedFile,
      `Unexpected file in the field${where}: send one file, in the field this upload names`,
    );
  if (typeof code === 'string' && MULTER_LIMITS.has(code))
    return new RequestException(RequestErrorCode.UploadLimit, `The upload's form is larger than this upload accepts (${String(message)})`);
  if (typeof message === 'string' && MALFORMED_MULTIPART.test(message))
    return new RequestException(
      RequestErrorCode.MalformedMultipart,
      `The multipart body is malformed: ${message.replace(/^Multipart: /, '').toLowerCase()}`,
    );
  return null;
}

function messageOf(raw: object): string | undefined {
  const message = (raw as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

export function errorName(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
