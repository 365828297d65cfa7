import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainException } from './domain.exception';
import { isConnectionFailure, OutageException } from './outage';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  [detail: string]: unknown;
}

/**
 * Every error leaves as `{statusCode, error, message}`; unexpected ones are
 * logged and never leak internals. A lost database or Redis connection is an
 * outage, not a bug: 503 with Retry-After, logged in one line.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const outage = !(exception instanceof DomainException) && isConnectionFailure(exception);
    const body = this.toBody(outage ? new OutageException('The database or Redis') : exception);
    if (outage) this.logger.warn(`Answered 503: ${exception instanceof Error ? exception.message : String(exception)}`);
    else if (body.statusCode >= 500 && !(exception instanceof OutageException))
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (response.headersSent) return;
    // Domain limits (e.g. "another code in 42 s") say when to come back the standard way too.
    if (typeof body.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(body.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainException) {
      return {
        ...exception.details,
        statusCode: exception.status,
        error: errorName(exception.status),
        message: exception.message,
        code: exception.code,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : messageOf(raw);
      return { statusCode: status, error: errorName(status), message: message ?? exception.message };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: errorName(500),
      message: 'Something went wrong on our side; the error has been logged.',
    };
  }
}

function messageOf(raw: object): string | undefined {
  const message = (raw as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

export function errorName(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
