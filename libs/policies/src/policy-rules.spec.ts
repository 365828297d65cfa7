import { evaluatePassword } from './policy-rules';
import { POLICY_PRESETS } from './presets';

const preset = (name: string) => POLICY_PRESETS.find((policy) => policy.name === name)!;
const failed = (name: string, password: string, info = {}) =>
  evaluatePassword(preset(name), password, info)
    .filter((rule) => !rule.passed)
    .map((rule) => rule.code);

describe(evaluatePassword.name, () => {
  describe('Member portal (≥ 12, 3 of 4 classes, blocklist, personal info)', () => {
    it.each([
      ['Password1!', ['MIN_LENGTH']],
      ['correct horse battery', ['CHARACTER_CLASSES']],
      ['Correct horse battery 9', []],
      ['purple-Otter-42', []],
      ['short1A!', ['MIN_LENGTH']],
      ['x'.repeat(200), ['MAX_LENGTH', 'CHARACTER_CLASSES']],
    ])('%j fails %j', (password, codes) => {
      expect(failed('Member portal', password)).toEqual(codes);
    });
  });

  describe('Web account (≥ 8, upper + lower + special all required)', () => {
    it.each([
      ['abcdefgh', ['REQUIRES_UPPER', 'REQUIRES_SPECIAL']],
      ['Abcdefgh', ['REQUIRES_SPECIAL']],
      ['Abcdefg!', []],
      ['ABCDEFG!', ['REQUIRES_LOWER']],
      ['Ab!', ['MIN_LENGTH']],
    ])('%j fails %j', (password, codes) => {
      expect(failed('Web account', password)).toEqual(codes);
    });
  });

  describe('Corporate (≥ 12, 3 of 4, strength 2)', () => {
    it('refuses a long but guessable password', () => {
      expect(failed('Corporate', 'Password1234')).toEqual(expect.arrayContaining(['BLOCKLIST']));
      expect(failed('Corporate', 'Qwerty123456')).toContain('STRENGTH');
    });

    it('accepts a long unguessable one', () => {
      expect(failed('Corporate', 'Lantern-Mosaic-77')).toEqual([]);
    });
  });

  it('measures Unicode in code points after NFKC, and counts non-ASCII letters in their classes', () => {
    // 12 code points, though more UTF-16 units and bytes: emoji are specials, ü is lowercase, Ä uppercase.
    expect(failed('Member portal', 'Äpfelmüß😀😀😀😀')).toEqual([]);
    expect(failed('Member portal', '😀😀😀😀😀😀😀😀😀😀😀')).toEqual(['MIN_LENGTH', 'CHARACTER_CLASSES']);
    // Full-width letters normalise to ASCII (NFKC) before the rules run.
    expect(failed('Web account', 'Ａｂｃｄｅｆｇ!')).toEqual([]);
  });

  it('refuses common passwords from the shipped dictionary, case-insensitively', () => {
    const rules = { ...preset('Web account'), requiredClasses: [], minLength: 1 };
    expect(evaluatePassword(rules, 'Password').find((rule) => rule.code === 'BLOCKLIST')?.passed).toBe(false);
    expect(evaluatePassword(rules, 'qwerty').find((rule) => rule.code === 'BLOCKLIST')?.passed).toBe(false);
    expect(evaluatePassword(rules, 'lantern-mosaic-77').find((rule) => rule.code === 'BLOCKLIST')?.passed).toBe(true);
  });

  it('refuses parts of the username, email name and display name', () => {
    const info = { username: 'dreyes', email: 'dana.reyes@example.com', displayName: 'Dana Reyes' };
    expect(failed('Member portal', 'Dana-2026-summer!', info)).toEqual(['PERSONAL_INFO']);
    expect(failed('Member portal', 'xDREYESx-2026!', info)).toEqual(['PERSONAL_INFO']);
    expect(failed('Member portal', 'Lantern-Mosaic-77', info)).toEqual([]);
  });

  it('answers every rule with a human message, so checklists can list them', () => {
    const rules = evaluatePassword(preset('Member portal'), '');
    expect(rules.map((rule) => rule.code)).toEqual(['MIN_LENGTH', 'MAX_LENGTH', 'CHARACTER_CLASSES', 'BLOCKLIST', 'PERSONAL_INFO']);
    expect(rules.every((rule) => rule.message.length > 5)).toBe(true);
    // Nothing typed passes nothing (the maximum length, the blocklist and the name rule used to start green).
    expect(rules.filter((rule) => rule.passed)).toEqual([]);
  });
});
