import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { errorName } from './http-exception.filter';

export const JSON_BODY_LIMIT = '100kb';

/** A request whose JSON body was parsed here keeps its raw bytes (never logged). */
export type RequestWithRawBody = Request & { rawBody?: Buffer };

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * JSON bodies up to 100 kB. Parser failures are answered here in the same
 * error shape as everything else: Nest's exception filters never see them.
 */
export function jsonBodyParser(): RequestHandler {
  const parse = express.json({
    limit: JSON_BODY_LIMIT,
    strict: true,
    // Signed webhooks are checked against the bytes as sent, not a re-serialisation.
    verify: (req, _res, buffer) => {
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
    case 'entity.parse.failed':
      return { status: 400, message: 'The request body is not valid JSON' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, message: 'The request body must be UTF-8 encoded JSON' };
    default:
      return { status: error.status && error.status < 500 ? error.status : 400, message: 'The request body could not be read' };
  }
}
