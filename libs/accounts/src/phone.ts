import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** E.164: a plus, the country code and the number, 8 to 15 digits in all. */
export const PHONE = /^\+[1-9]\d{7,14}$/;
export const PHONE_RULE = 'must be an international number such as +44 20 7946 0958';

/** Spaces, dashes, dots and brackets people type are dropped; what is left must be E.164. */
export function normalizePhone(value: string): string {
  return value.replace(/[\s\-.()]/g, '');
}

export const NormalizePhone = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizePhone(value) : value));
export const IsPhone = () => Matches(PHONE, { message: `phone ${PHONE_RULE}` });
