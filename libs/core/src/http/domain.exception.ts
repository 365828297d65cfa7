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

/**
 * Refusals of the request itself, before any domain looks at it: its body, its query, its route, its
 * rate. The HTTP layer (body parsers, the validation pipe, the exception filter) answers every
 * framework error with one of these, so no answer leaves without a catalogue code.
 */
export class RequestException extends DomainException<RequestErrorCode> {
  protected readonly statusByCode = RequestErrorStatus;
}

export const RequestErrorCode = {
  /** A list or filter query parameter is malformed or names something unknown; the message names it. */
  InvalidQuery: 'INVALID_QUERY',
  /** A body field, route parameter or query parameter is missing, unknown or of the wrong shape; the message names it. */
  Validation: 'VALIDATION_FAILED',
  /** The request body is not valid JSON. */
  MalformedJson: 'MALFORMED_JSON',
  /** The JSON body nests arrays or objects deeper than any request needs (32 levels). */
  JsonTooDeep: 'JSON_TOO_DEEP',
  /** The request body is larger than the JSON limit (100 kB). */
  BodyTooLarge: 'BODY_TOO_LARGE',
  /** The request body could not be read to its end (cut off, or its length does not match Content-Length). */
  BodyUnreadable: 'BODY_UNREADABLE',
  /** The body is neither JSON (`Content-Type: application/json`) nor, where a route takes a file, `multipart/form-data`. */
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  /** The JSON body declares a charset other than UTF-8 (or another UTF). */
  UnsupportedCharset: 'UNSUPPORTED_CHARSET',
  /** The body's Content-Encoding is not one the API decompresses (gzip, deflate, br, or none). */
  UnsupportedEncoding: 'UNSUPPORTED_CONTENT_ENCODING',
  /** A file upload's multipart body is cut off or malformed. */
  MalformedMultipart: 'MALFORMED_MULTIPART',
  /** An uploaded file is larger than the route accepts. */
  FileTooLarge: 'FILE_TOO_LARGE',
  /** More files than the route accepts in one upload. */
  TooManyFiles: 'TOO_MANY_FILES',
  /** A file under a field name the route does not take; the message names the field. */
  UnexpectedFile: 'UNEXPECTED_FILE_FIELD',
  /** An upload with more fields or parts, or longer or deeper field names or values, than any form here needs. */
  UploadLimit: 'UPLOAD_LIMIT_EXCEEDED',
  /** No route answers this method and path. */
  RouteNotFound: 'ROUTE_NOT_FOUND',
  /** The route exists but not for this method. */
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  /** The thing asked for is not there (e.g. the demo mailbox outside demo mode). */
  NotFound: 'NOT_FOUND',
  /** No valid access token came with a request that needs one. */
  Unauthenticated: 'UNAUTHENTICATED',
  /** A guard refused the request without a reason of its own. */
  Forbidden: 'FORBIDDEN',
  /** Too many requests from this address (or session, or for this account) in the window; Retry-After says when to come back. */
  TooManyRequests: 'TOO_MANY_REQUESTS',
  /** A signed webhook came without a fresh timestamp or with a signature that does not match its body. */
  BadSignature: 'WEBHOOK_SIGNATURE_INVALID',
  /** The framework refused the request for a reason with no code of its own (e.g. 406, 408); answered with the framework's own 4xx status. */
  Refused: 'REQUEST_REFUSED',
  /** An error on our side; it has been logged, and nothing about it is shown. */
  Internal: 'INTERNAL_ERROR',
} as const;
export type RequestErrorCode = (typeof RequestErrorCode)[keyof typeof RequestErrorCode];

const RequestErrorStatus: Record<RequestErrorCode, number> = {
  INVALID_QUERY: 400,
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  JSON_TOO_DEEP: 400,
  BODY_TOO_LARGE: 413,
  BODY_UNREADABLE: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_CHARSET: 415,
  UNSUPPORTED_CONTENT_ENCODING: 415,
  MALFORMED_MULTIPART: 400,
  FILE_TOO_LARGE: 413,
  TOO_MANY_FILES: 400,
  UNEXPECTED_FILE_FIELD: 400,
  UPLOAD_LIMIT_EXCEEDED: 400,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TOO_MANY_REQUESTS: 429,
  WEBHOOK_SIGNATURE_INVALID: 401,
  // Answered with the framework's own 4xx status; 400 is the catalogue's stand-in.
  REQUEST_REFUSED: 400,
  INTERNAL_ERROR: 500,
};
