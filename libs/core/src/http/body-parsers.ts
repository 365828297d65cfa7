import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { RequestErrorCode, RequestException } from './domain.exception';
import { domainErrorBody } from './http-exception.filter';

export const JSON_BODY_LIMIT = '100kb';
/** No request DTO nests anywhere near this; deeper bodies only exist to exhaust the stack of the transformer. */
export const JSON_MAX_DEPTH = 32;

/** A request whose JSON body was parsed here keeps its raw bytes (never logged). */
export type RequestWithRawBody = Request & { rawBody?: Buffer };

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  charset?: string;
  encoding?: string;
}

/** What a body may be: JSON everywhere, multipart where a route takes a file (multer reads it there). */
const ACCEPTED_BODIES = ['application/json', 'multipart/form-data'];

/**
 * JSON bodies up to 100 kB and 32 levels of nesting; a body of any other
 * type is refused with 415 before a route sees it. Parser failures are
 * answered here with their catalogue codes in the same error body as
 * everything else: Nest's exception filters never see them.
 */
export function jsonBodyParser(): RequestHandler {
  const parse = express.json({
    limit: JSON_BODY_LIMIT,
    strict: true,
    // Signed webhooks are checked against the bytes as sent, not a re-serialisation.
    verify: (req, _res, buffer) => {
      // Checked on the bytes, before JSON.parse and class-transformer walk the structure recursively.
      if (nestingDepth(buffer) > JSON_MAX_DEPTH) throw Object.assign(new Error('JSON nested too deeply'), { type: 'entity.too.deep' });
      (req as RequestWithRawBody).rawBody = buffer;
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    // An empty body (Content-Length: 0, as clients send on a bare POST) has no type to check. Otherwise req.is
    // answers null for no body at all, false for a body of another type or of none named.
    if (req.headers['content-length'] !== '0' && req.is(ACCEPTED_BODIES) === false)
      return refuse(res, unsupportedMediaType(req.headers['content-type']));
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      refuse(res, describeParserError(error as BodyParserError));
    });
  };
}

function refuse(res: Response, exception: RequestException): void {
  res.status(exception.status).json(domainErrorBody(exception));
}

function unsupportedMediaType(contentType: string | undefined): RequestException {
  const got = contentType ? ` (got ${printable(contentType.split(';')[0].trim())})` : ' (it came with no Content-Type)';
  return new RequestException(
    RequestErrorCode.UnsupportedMediaType,
    `Send the request body as JSON with Content-Type: application/json${got}`,
  );
}

function describeParserError(error: BodyParserError): RequestException {
  switch (error.type) {
    case 'entity.too.large':
      return new RequestException(RequestErrorCode.BodyTooLarge, `The request body is larger than the ${JSON_BODY_LIMIT} limit`);
    case 'entity.too.deep':
      return new RequestException(
        RequestErrorCode.JsonTooDeep,
        `The request body nests objects or arrays more than ${JSON_MAX_DEPTH} levels deep`,
      );
    case 'entity.parse.failed':
      return new RequestException(RequestErrorCode.MalformedJson, 'The request body is not valid JSON');
    case 'charset.unsupported':
      return new RequestException(
        RequestErrorCode.UnsupportedCharset,
        `The request body must be UTF-8 encoded JSON${error.charset ? ` (got charset ${printable(error.charset)})` : ''}`,
      );
    case 'encoding.unsupported':
      return new RequestException(
        RequestErrorCode.UnsupportedEncoding,
        `Send the request body uncompressed or as gzip, deflate or br${error.encoding ? ` (got Content-Encoding ${printable(error.encoding)})` : ''}`,
      );
    case undefined: // not one of body-parser's own errors
    default:
      // Cut off (request.aborted), shorter or longer than Content-Length (request.size.invalid), and the like.
      return new RequestException(RequestErrorCode.BodyUnreadable, 'The request body could not be read to its end; send it again');
  }
}

/** A client-sent header value, short and plain enough to repeat in a message. */
function printable(value: string): string {
  const plain = value.replace(/[^\w.+/-]/g, '').slice(0, 60);
  return plain ? `"${plain}"` : 'an unreadable value';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/** The deepest nesting of arrays and objects in JSON text, ignoring brackets inside strings; one pass, no recursion. */
export function nestingDepth(json: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (OPENERS.has(byte)) deepest = Math.max(deepest, ++depth);
    else if (CLOSERS.has(byte)) depth--;
  }
  return deepest;
}
