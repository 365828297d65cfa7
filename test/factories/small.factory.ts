/** The instant every unit spec starts at (a Tuesday, 09:00 UTC), so dates in expectations read plainly. */
export const TEST_NOW = new Date('2026-03-03T09:00:00.000Z');

let sequence = 1000;

/** A fresh id, unique within the test file (factories never collide with ids a spec picks by hand below 1000). */
export function newId(): number {
  return ++sequence;
}

/** `minutes` after (or, negative, before) `from`. */
export function minutesFrom(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * 60_000);
}

/** A fresh instance of an entity class with the given values, so getters (`totpEnabled`) work as on a loaded row. */
export function entity<T extends object>(type: new () => T, values: Partial<T>): T {
  return Object.assign(new type(), values);
}
