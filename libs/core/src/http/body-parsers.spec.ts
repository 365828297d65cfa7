import { nestingDepth } from './body-parsers';

describe(nestingDepth.name, () => {
  it.each([
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['"[[[[{{{"', 0],
    ['{"a":"\\"[[[","b":[]}', 2],
    ['['.repeat(5000) + ']'.repeat(5000), 5000],
  ])('measures %s', (json, depth) => {
    expect(nestingDepth(Buffer.from(json))).toBe(depth);
  });
});
