/**
 * Base of every domain's exception. A domain declares its codes and their
 * HTTP status once; the global filter turns any of them into
 * `{statusCode, error, message, code}`.
 */
export abstract class DomainException<Code extends string = string> extends Error {
  protected abstract readonly statusByCode: Record<Code, number>;

  constructor(
    readonly code: Code,
    message: string,
    /** Extra fields a client needs to act (never secrets), e.g. `{attemptsLeft: 3}`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  get status(): number {
    return this.statusByCode[this.code];
  }
}

export class RequestException extends DomainException<RequestErrorCode> {
  protected readonly statusByCode = RequestErrorStatus;
}

export const RequestErrorCode = {
  InvalidQuery: 'INVALID_QUERY',
  Validation: 'VALIDATION_FAILED',
  MalformedJson: 'MALFORMED_JSON',
  BodyTooLarge: 'BODY_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  NotFound: 'NOT_FOUND',
  Forbidden: 'FORBIDDEN',
  BadSignature: 'WEBHOOK_SIGNATURE_INVALID',
} as const;
export type RequestErrorCode = (typeof RequestErrorCode)[keyof typeof RequestErrorCode];

const RequestErrorStatus: Record<RequestErrorCode, number> = {
  INVALID_QUERY: 400,
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  WEBHOOK_SIGNATURE_INVALID: 401,
};
