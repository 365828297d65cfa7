import { ParseIntPipe } from '@nestjs/common';
import { RequestErrorCode, RequestException } from '@resetdesk/core';

/** Route ids are positive integers; anything else is a 400 naming the parameter. */
export const idPipe = new ParseIntPipe({
  exceptionFactory: () => new RequestException(RequestErrorCode.Validation, 'id must be a positive whole number'),
});
