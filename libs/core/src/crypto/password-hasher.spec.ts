import { PasswordHasher } from './password-hasher';

describe(PasswordHasher.name, () => {
  const sut = new PasswordHasher();

  it('hashes with argon2id at OWASP parameters (m=19 MiB, t=2, p=1)', async () => {
    const hash = await sut.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(sut.needsRehash(hash)).toBe(false);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await sut.hash('correct horse battery staple');
    await expect(sut.verify(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(sut.verify(hash, 'correct horse battery stapler')).resolves.toBe(false);
  });

  it('normalises Unicode (NFKC) so composed and decomposed forms match', async () => {
    const hash = await sut.hash('Caf\u00e9-passw0rd');
    await expect(sut.verify(hash, 'Cafe\u0301-passw0rd')).resolves.toBe(true);
  });

  it('never verifies a malformed hash or the decoy', async () => {
    await expect(sut.verify('not-a-hash', 'anything')).resolves.toBe(false);
    await expect(sut.verifyDecoy('decoy-password-never-matches')).resolves.toBe(false);
  });
});
