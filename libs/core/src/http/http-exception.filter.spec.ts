import * as common from '@nestjs/common';
import { ForbiddenException, HttpException, MethodNotAllowedException, UnauthorizedException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { RequestErrorCode } from './domain.exception';
import { HttpExceptionFilter } from './http-exception.filter';
import { OutageErrorCode } from './outage';

const CATALOGUE = new Set<string>([...Object.values(RequestErrorCode), ...Object.values(OutageErrorCode)]);

/** Every HttpException subclass @nestjs/common ships, built with its defaults. */
const builtIns = Object.entries(common)
  .filter(([name, value]) => typeof value === 'function' && value.prototype instanceof HttpException && name.endsWith('Exception'))
  .map(([name, value]) => [name, new (value as new () => HttpException)()] as const);

describe(HttpExceptionFilter.name, () => {
  const sut = new HttpExceptionFilter();

  it('knows enough of Nest to check', () => {
    expect(builtIns.length).toBeGreaterThan(15);
  });

  it.each(builtIns)('answers %s with a catalogue code and its own 4xx status (5xx as 500 or 503)', (_name, exception) => {
    const body = sut.toBody(exception);
    expect(CATALOGUE).toContain(body.code);
    const status = exception.getStatus();
    expect(body.statusCode).toBe(status < 500 || status === 503 ? status : 500);
    expect(body.message).toEqual(expect.any(String));
  });

  it.each([
    ['a guard that returned false', new ForbiddenException('Forbidden resource'), 403, 'FORBIDDEN', 'You are not allowed to do this'],
    [
      'a bare 401',
      new UnauthorizedException(),
      401,
      'UNAUTHENTICATED',
      'Sign in first: send the access token as "Authorization: Bearer <token>"',
    ],
    [
      'a method the route does not take',
      new MethodNotAllowedException(),
      405,
      'METHOD_NOT_ALLOWED',
      'This route does not take this method',
    ],
    ['an unknown route', new common.NotFoundException('Cannot GET /api/nope'), 404, 'ROUTE_NOT_FOUND', 'Cannot GET /api/nope'],
    ['a teapot', new HttpException('I am a teapot', 418), 418, 'REQUEST_REFUSED', 'I am a teapot'],
    [
      'a 502',
      new HttpException('upstream said no', 502),
      500,
      'INTERNAL_ERROR',
      'Something went wrong on our side; the error has been logged.',
    ],
    ['any other error', new Error('secret detail'), 500, 'INTERNAL_ERROR', 'Something went wrong on our side; the error has been logged.'],
  ])('maps %s', (_case, exception, statusCode, code, message) => {
    expect(sut.toBody(exception)).toEqual({ statusCode, error: expect.any(String), code, message });
  });

  it("carries the throttler's Retry-After into the body", () => {
    const body = sut.toBody(new ThrottlerException(), { getHeader: (name: string) => (name === 'Retry-After' ? 42 : undefined) });
    expect(body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many requests; try again in 42 s',
      retryAfterSeconds: 42,
    });
  });

  it.each([
    ['LIMIT_FILE_SIZE', 'file', 413, 'FILE_TOO_LARGE'],
    ['LIMIT_FILE_COUNT', undefined, 400, 'TOO_MANY_FILES'],
    ['LIMIT_UNEXPECTED_FILE', 'upload', 400, 'UNEXPECTED_FILE_FIELD'],
    ['LIMIT_FIELD_COUNT', undefined, 400, 'UPLOAD_LIMIT_EXCEEDED'],
    ['LIMIT_PART_COUNT', undefined, 400, 'UPLOAD_LIMIT_EXCEEDED'],
  ])('maps multer %s (field %s) to its code', (multerCode, field, statusCode, code) => {
    const cause = Object.assign(new Error('multer says no'), { code: multerCode, field });
    const exception =
      statusCode === 413 ? new common.PayloadTooLargeException('x', { cause }) : new common.BadRequestException('x', { cause });
    expect(sut.toBody(exception)).toMatchObject({ statusCode, code });
  });
});
