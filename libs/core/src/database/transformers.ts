import { ValueTransformer } from 'typeorm';

/**
 * BIGINT columns arrive from mysql2 as strings. Our ids and counters stay far
 * below 2^53, so they are safe as JavaScript numbers.
 */
export const bigintToNumber: ValueTransformer = {
  from: (value: string | number | null) => (value === null ? null : Number(value)),
  to: (value: unknown) => value,
};
