import { nestingDepth } from './body-parsers';

describe(nestingDepth.name, () => {
  it.each([
    ['an empty object', '{}', 1],
    ['mixed nesting', '{"a":[1,{"b":2}]}', 3],
    ['brackets inside a string', '"[[[[{{{"', 0],
    ['an escaped quote before brackets', '{"a":"\\"[[[","b":[]}', 2],
    ['5,000 nested arrays', '['.repeat(5000) + ']'.repeat(5000), 5000],
  ])('measures %s', (_case, json, depth) => {
    expect(nestingDepth(Buffer.from(json))).toBe(depth);
  });
});
