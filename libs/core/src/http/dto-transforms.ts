import { Transform } from 'class-transformer';

/** Trims strings at the edge; other types pass through so the validators can name them. */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and lower-cases an email address. */
export const NormalizeEmail = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

const MULTI_LINE = 'resetdesk:multi-line';

/**
 * Free text that may span lines (a description, a note): tab and line breaks
 * are allowed there; every other text field refuses all control characters.
 */
export const MultiLine = (): PropertyDecorator => (target, key) => Reflect.defineMetadata(MULTI_LINE, true, target, key);

export function isMultiLine(dto: object, key: string): boolean {
  return Reflect.getMetadata(MULTI_LINE, dto, key) === true;
}
