import { Injectable } from '@nestjs/common';

/**
 * The one source of "now". Timestamps are written by the application in UTC
 * (never by database defaults), so tests can move time and both MySQL and
 * MariaDB store the same instant whatever their time zone.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
