import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { errorName } from './http-exception.filter';

export const JSON_BODY_LIMIT = '100kb';
/** No request DTO nests anywhere near this; deeper bodies only exist to exhaust the stack of the transformer. */
export const JSON_MAX_DEPTH = 32;

/** A request whose JSON body was parsed here keeps its raw bytes (never logged). */
export type RequestWithRawBody = Request & { rawBody?: Buffer };

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * JSON bodies up to 100 kB and 32 levels of nesting. Parser failures are
 * answered here in the same error shape as everything else: Nest's
 * exception filters never see them.
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
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status, message } = describeParserError(error as BodyParserError);
      res.status(status).json({ statusCode: status, error: errorName(status), message });
    });
  };
}

function describeParserError(error: BodyParserError): { status: number; message: string } {
  switch (error.type) {
    case 'entity.too.large':
      return { status: 413, message: `The request body is larger than the ${JSON_BODY_LIMIT} limit` };
    case 'entity.too.deep':
      return { status: 400, message: `The request body nests objects or arrays more than ${JSON_MAX_DEPTH} levels deep` };
    case 'entity.parse.failed':
      return { status: 400, message: 'The request body is not valid JSON' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, message: 'The request body must be UTF-8 encoded JSON' };
    case undefined: // not one of body-parser's own errors
    default:
      return { status: error.status && error.status < 500 ? error.status : 400, message: 'The request body could not be read' };
  }
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
