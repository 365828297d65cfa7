import { redactDetails } from './redact-details';

describe(redactDetails.name, () => {
  it('replaces secrets by field name at any depth', () => {
    expect(redactDetails({ email: 'a@example.com', password: 'p', nested: { Code: '123456', token: 't', keep: 1 } })).toEqual({
      email: 'a@example.com',
      password: '[redacted]',
      nested: { Code: '[redacted]', token: '[redacted]', keep: 1 },
    });
  });

  it('cuts long strings and deep nesting, drops undefined', () => {
    const result = redactDetails({ long: 'x'.repeat(600), deep: { a: { b: { c: { d: { e: 1 } } } } }, gone: undefined }) as Record<
      string,
      unknown
    >;
    expect((result.long as string).length).toBe(501);
    expect(JSON.stringify(result.deep)).toContain('[truncated]');
    expect(result).not.toHaveProperty('gone');
  });
});
