const LETTERS: Record<string, string> = {
  a: 'alfa',
  b: 'bravo',
  c: 'charlie',
  d: 'delta',
  e: 'echo',
  f: 'foxtrot',
  g: 'golf',
  h: 'hotel',
  i: 'india',
  j: 'juliett',
  k: 'kilo',
  l: 'lima',
  m: 'mike',
  n: 'november',
  o: 'oscar',
  p: 'papa',
  q: 'quebec',
  r: 'romeo',
  s: 'sierra',
  t: 'tango',
  u: 'uniform',
  v: 'victor',
  w: 'whiskey',
  x: 'x-ray',
  y: 'yankee',
  z: 'zulu',
};
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const SIGNS: Record<string, string> = {
  '-': 'dash',
  '#': 'hash',
  '%': 'percent',
  '+': 'plus',
  '=': 'equals',
  '?': 'question mark',
  '@': 'at',
  '!': 'exclamation mark',
};

/**
 * How to say a password on the phone, one word per character in the NATO alphabet ("kilo", "CAPITAL ROMEO",
 * "seven", "dash"), so the caller writes down exactly what the agent sees.
 */
export function phonetic(password: string): string[] {
  return [...password].map((char) => {
    const lower = char.toLowerCase();
    if (LETTERS[lower]) return char === lower ? LETTERS[lower]! : `CAPITAL ${LETTERS[lower]!.toUpperCase()}`;
    if (/\d/.test(char)) return DIGITS[Number(char)]!;
    return SIGNS[char] ?? `“${char}”`;
  });
}
