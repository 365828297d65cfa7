import { generateCompliantPassword } from './generated-password';
import { evaluatePassword } from './policy-rules';
import { POLICY_PRESETS } from './presets';

/** Characters a listener mistakes for others. */
const CONFUSABLE = /[0Oo1lIi5S2Z8Bbgquvw]/;

describe('generateCompliantPassword', () => {
  it.each(POLICY_PRESETS.map((preset) => [preset.name, preset] as const))(
    'passes the %s preset for the person it is made for',
    (_name, preset) => {
      const info = { username: 'jdoe', email: 'jane.doe@example.com', displayName: 'Jane Doe' };
      for (let i = 0; i < 50; i++) {
        const password = generateCompliantPassword(preset, info);
        expect(evaluatePassword(preset, password, info).filter((rule) => !rule.passed)).toEqual([]);
        expect(password).not.toMatch(CONFUSABLE);
      }
    },
  );

  it('reads out in groups of four with one capital and a digit, and differs each time', () => {
    const passwords = new Set(Array.from({ length: 200 }, () => generateCompliantPassword(POLICY_PRESETS[0]!)));
    expect(passwords.size).toBe(200);
    for (const password of passwords) {
      expect(password).toMatch(/^[a-zA-Z\d]{4}(-[a-zA-Z\d]{4}){3}$/);
      expect(password.replace(/[^A-Z]/g, '')).toHaveLength(1);
      expect(password).toMatch(/\d/);
    }
  });

  it('adds groups for a policy that asks for more length', () => {
    const long = { ...POLICY_PRESETS[0]!, minLength: 24, maxLength: 64 };
    expect(generateCompliantPassword(long)).toMatch(/^[a-zA-Z\d]{4}(-[a-zA-Z\d]{4}){4}$/);
  });

  it('falls back to a dense password when the policy’s maximum is shorter than two groups', () => {
    const short = { ...POLICY_PRESETS[0]!, minLength: 8, maxLength: 8 };
    const password = generateCompliantPassword(short);
    expect(password).toHaveLength(8);
    expect(password).not.toMatch(CONFUSABLE);
  });

  it('uses the dense form when no number of groups fits between the policy’s minimum and maximum', () => {
    const between = { ...POLICY_PRESETS[0]!, minLength: 65, maxLength: 65 };
    expect(generateCompliantPassword(between)).toHaveLength(65);
  });
});
