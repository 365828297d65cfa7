import { PipeTransform } from '@nestjs/common';
import { RequestErrorCode, RequestException } from '@resetdesk/core';
import { isTimeZone } from 'class-validator';

/** An optional IANA time zone query parameter (`tz`), UTC when absent; anything else is a 400 naming it. */
export const timeZonePipe: PipeTransform<unknown, string> = {
  transform(value: unknown): string {
    if (value === undefined || value === '') return 'UTC';
    if (typeof value !== 'string' || !isTimeZone(value))
      throw new RequestException(RequestErrorCode.Validation, 'tz must be an IANA time zone such as UTC or Europe/Berlin');
    return value;
  },
};
