/**
 * Names (usernames, email addresses) are stored in utf8mb4_unicode_ci
 * columns, so the database treats `bob`, `Bob`, `bób`, `ｂｏｂ` and `BÓB` as
 * one and the same. Anything counted per name outside the database (rate
 * limits in Redis) must count them as one too, or a look-alike spelling
 * reaches the same account with a fresh allowance.
 *
 * `canonicalKey` folds a name the way that collation compares it, for the
 * characters names are made of: every pair of strings the collation calls
 * equal gets one key (test/e2e/canonical-key.e2e-spec.ts checks this
 * against the database, character by character). It folds a little more
 * than the collation (all white space, `ı` with `i`), which only ever makes
 * a limit shared, never bypassed. The key is for comparing; never store or
 * show it in place of the name.
 */
export function canonicalKey(name: string): string {
  const folded = name
    // UCA 4.0.0 gives every character beyond the BMP one and the same weight.
    .replace(SUPPLEMENTARY, '\uFFFD')
    // Width, ligatures, super/subscripts, circled and letterlike forms.
    .normalize('NFKC')
    .replace(COMBINING_LATIN_LETTER, (mark) => COMBINING_LATIN_LETTERS[mark]!)
    // Accents and other marks only weigh at the secondary level, which the collation ignores.
    .normalize('NFD')
    .replace(IGNORED, '')
    // Upper then lower case is full case folding for names: ß → ss, ς → σ, ſ → s.
    .toUpperCase()
    .toLowerCase();
  return folded.replace(DIGIT, (digit) => DIGIT_VALUES.get(digit) ?? digit).replace(UCA_LETTER, (letter) => UCA_LETTERS[letter]!);
}

const SUPPLEMENTARY = /[\u{10000}-\u{10FFFF}]/gu;

// Marks, controls, format characters and the like that the collation skips
// altogether (ZERO WIDTH SPACE, NUL, SOFT HYPHEN…), the Arabic tatweel,
// and white space, which names never contain and PAD SPACE partly ignores.
const IGNORED = /[\p{M}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Z}\u0640]/gu;

// U+0363–U+036F are combining marks to Unicode but weigh as the letter they show.
const COMBINING_LATIN_LETTERS: Record<string, string> = Object.fromEntries(
  [...'aeioucdhmrtvx'].map((letter, index) => [String.fromCharCode(0x0363 + index), letter]),
);
const COMBINING_LATIN_LETTER = /[\u0363-\u036f]/g;

// Letters that UCA 4.0.0 weighs like other letters although Unicode does not decompose them.
const UCA_LETTERS: Record<string, string> = { ґ: 'г', ʣ: 'dz', ƾ: 'ʦ', ᴈ: 'ɜ', ᵎ: 'ᴉ' };
const UCA_LETTER = /[ґʣƾᴈᵎ]/g;

// Every script's decimal digits weigh like 0–9. Unicode encodes each set as
// ten consecutive code points from zero to nine, so a digit's value is its
// place in its run.
const DIGIT = /\p{Nd}/gu;
const DIGIT_VALUES = (() => {
  const values = new Map<string, string>();
  for (let codePoint = 0, place = 0; codePoint <= 0xffff; codePoint++) {
    const character = String.fromCharCode(codePoint);
    if (/\p{Nd}/u.test(character)) values.set(character, String(place++ % 10));
    else place = 0;
  }
  return values;
})();
