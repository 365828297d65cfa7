import { generateCompliantPassword } from './generated-password';
import { evaluatePassword } from './policy-rules';
import { POLICY_PRESETS } from './presets';

describe('generateCompliantPassword', () => {
  it.each(POLICY_PRESETS.map((preset) => [preset.name, preset] as const))(
    'passes the %s preset for the person it is made for',
    (_name, preset) => {
      const info = { username: 'jdoe', email: 'jane.doe@example.com', displayName: 'Jane Doe' };
      for (let i = 0; i < 50; i++) {
        const password = generateCompliantPassword(preset, info);
        expect(evaluatePassword(preset, password, info).filter((rule) => !rule.passed)).toEqual([]);
        expect(password).not.toMatch(/[0O1lI5S]/);
      }
    },
  );

  it('uses every character class and differs each time', () => {
    const passwords = new Set(Array.from({ length: 200 }, () => generateCompliantPassword(POLICY_PRESETS[0]!)));
    expect(passwords.size).toBe(200);
    for (const password of passwords) {
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/\d/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
  });

  it('respects a policy longer than the usual length', () => {
    const long = { ...POLICY_PRESETS[0]!, minLength: 24, maxLength: 64 };
    expect(generateCompliantPassword(long)).toHaveLength(24);
  });
});
