import { staffPasswordProblems } from './staff-password-policy';

describe('staff password policy', () => {
  const member = { email: 'dana.reyes@example.com', name: 'Dana Reyes' };
  const codes = (password: string) => staffPasswordProblems(password, member).map((rule) => rule.code);

  it('refuses what length alone let through', () => {
    expect(codes('aaaaaaaaaaaa')).toContain('STRENGTH');
    expect(codes('password1234')).toEqual(expect.arrayContaining(['BLOCKLIST', 'STRENGTH']));
  });

  it('refuses parts of the email and the name', () => {
    expect(codes('Reyes-lantern-meadow-41')).toContain('PERSONAL_INFO');
    expect(codes('dana-lantern-meadow-41')).toContain('PERSONAL_INFO');
  });

  it('accepts a long, unguessable passphrase', () => {
    expect(codes('Copper-meadow-63-lantern')).toEqual([]);
  });
});
