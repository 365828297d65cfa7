import { parseConfig } from '@resetdesk/core';
import {
  DIRECTORY_RULES,
  DirectoryAccountRef,
  DirectoryConnection,
  DirectoryIncompleteWrite,
  DirectoryOutcomeUnknown,
  DirectoryRefusal,
  DirectoryRule,
  DirectoryUnavailable,
  LdapPasswordDirectory,
  LdapServerFeatures,
  PASSWORD_MODIFY_OID,
  passwordModifyValue,
  readServerFeatures,
} from '@resetdesk/directory';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, InsufficientAccessError } from 'ldapts';
import { HangingAt } from '../support/hang-at';
import { PrivateSlapd } from '../support/private-slapd';
import { writeSelfSignedCertificate } from '../support/self-signed-certificate';

const FIRST = 'First-password-1';
const SECOND = 'Second-password-2';
const THIRD = 'Third-password-3';

function directoryFor(slapd: PrivateSlapd, env: Record<string, string> = {}): LdapPasswordDirectory {
  return new LdapPasswordDirectory(new DirectoryConnection(parseConfig({ NODE_ENV: 'test', ...slapd.env(env) }).directory));
}

/** The store as it behaves with a directory that does not advertise Password Modify: one modify of userPassword. */
class ModifyOnlyDirectory extends LdapPasswordDirectory {
  protected override serverFeatures(): Promise<LdapServerFeatures> {
    return Promise.resolve({ passwordModify: false, ppolicy: true });
  }
}

let uidCounter = 0;
async function person(
  slapd: PrivateSlapd,
  password = FIRST,
  attributes: Record<string, string> = {},
  ou = 'people',
): Promise<DirectoryAccountRef> {
  const uid = `person${++uidCounter}`;
  const dn = await slapd.addUser({ uid, password, attributes, ou });
  return { username: uid, dn };
}

async function refusalOf(work: Promise<unknown>): Promise<DirectoryRefusal> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DirectoryRefusal);
  return error as DirectoryRefusal;
}

async function outageOf(work: Promise<unknown>): Promise<DirectoryUnavailable> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DirectoryUnavailable);
  return error as DirectoryUnavailable;
}

/** What holders and agents may read: no DN, no URL, no service account, no ACL; the operator's version is in `detail`. */
function expectSafeForHolders(error: DirectoryRefusal | DirectoryUnavailable, slapd: PrivateSlapd): void {
  for (const secret of [
    slapd.suffix,
    'dc=example',
    'uid=',
    slapd.bindDn,
    'cn=resetdesk',
    slapd.url,
    slapd.plainUrl,
    '127.0.0.1',
    'ldap',
    'access to',
    'DIRECTORY_',
  ]) {
    expect({ message: error.message, leaks: secret }).toEqual({ message: expect.not.stringContaining(secret), leaks: secret });
  }
  expect(error.detail.length).toBeGreaterThan(0);
}

async function pwdReset(slapd: PrivateSlapd, dn: string): Promise<string | undefined> {
  const value = (await slapd.read(dn, ['pwdReset'])).pwdReset;
  return Array.isArray(value) ? value[0] : value;
}

/** A search as the holder: ppolicy refuses everything but a password change while pwdReset is TRUE. */
async function holderSearch(slapd: PrivateSlapd, dn: string, password: string): Promise<unknown> {
  return slapd
    .as(dn, password, (client) => client.search(dn, { scope: 'base', attributes: ['uid'] }))
    .then(
      () => 'allowed',
      (error: unknown) => error,
    );
}

async function lockOut(slapd: PrivateSlapd, dn: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) expect(await slapd.canBind(dn, 'not-the-password-9')).toBe(false);
  expect((await slapd.read(dn, ['pwdAccountLockedTime'])).pwdAccountLockedTime).toMatch(/Z$/);
}

describe('LdapPasswordDirectory with a service account that has write on userPassword', () => {
  let slapd: PrivateSlapd;
  let directory: LdapPasswordDirectory;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start({ serviceAccess: 'write' });
    directory = directoryFor(slapd);
  });
  afterAll(() => slapd?.stop());

  it('writes a reset where people sign in: the new password binds, the old one no longer does', async () => {
    const account = await person(slapd);
    await directory.setPassword(account, SECOND, { temporary: false, unlock: false });
    expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
    expect(await slapd.canBind(account.dn, FIRST)).toBe(false);
  });

  it('leaves no pwdReset on a password the holder chose (a write account does not set it)', async () => {
    const account = await person(slapd);
    await directory.setPassword(account, SECOND, { temporary: false, unlock: false });
    expect(await pwdReset(slapd, account.dn)).toBeUndefined();
    expect(await holderSearch(slapd, account.dn, SECOND)).toBe('allowed');
  });

  it('marks a temporary password with pwdReset, restricting the holder to a change until they make it', async () => {
    const account = await person(slapd);
    await directory.setPassword(account, SECOND, { temporary: true, unlock: false });
    expect(await pwdReset(slapd, account.dn)).toBe('TRUE');
    const refused = await holderSearch(slapd, account.dn, SECOND);
    expect(refused).toBeInstanceOf(InsufficientAccessError);
    expect((refused as Error).message).toContain('Operations are restricted to bind/unbind/abandon/StartTLS/modify password');

    await directory.changePassword(account, SECOND, THIRD);
    expect(await pwdReset(slapd, account.dn)).toBeUndefined();
    expect(await holderSearch(slapd, account.dn, THIRD)).toBe('allowed');
  });

  it('refuses a too-short reset with the rule ppolicy names (passwordTooShort) and leaves the old password', async () => {
    const account = await person(slapd);
    const refusal = await refusalOf(directory.setPassword(account, 'Short-1', { temporary: false, unlock: false }));
    expect(refusal.rule).toBe(DIRECTORY_RULES.MIN_LENGTH);
    // slapd 2.5 names no pwdPolicySubentry for the ppolicy_default policy, so the sentence cannot quote its numbers.
    expect(refusal.message).toBe('The directory refused the password: it is shorter than the directory allows');
    expect(refusal.diagnostic).toBe('constraintViolation (19): Password fails quality checking policy; ppolicy PasswordTooShort (6)');
    expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
  });

  it('refuses as QUALITY what ppolicy cannot check (a value that looks hashed, with pwdCheckQuality 2)', async () => {
    const account = await person(slapd);
    const refusal = await refusalOf(directory.setPassword(account, '{SSHA}looks-like-a-hash', { temporary: false, unlock: false }));
    expect(refusal.rule).toBe(DIRECTORY_RULES.QUALITY);
    expect(refusal.message).toBe(
      "The directory refused the password: it does not pass the directory's password quality check; choose a longer or less common password",
    );
    expect(refusal.diagnostic).toBe(
      'constraintViolation (19): Password fails quality checking policy; ppolicy InsufficientPasswordQuality (5)',
    );
  });

  it("quotes the entry's own policy (pwdPolicySubentry) in length and history refusals", async () => {
    const strict = await slapd.addPolicy('strict', { pwdMinLength: 12, pwdInHistory: 3, pwdCheckQuality: 2 });
    const account = await person(slapd, 'First-password-12', { pwdPolicySubentry: strict });
    const short = await refusalOf(directory.setPassword(account, 'Eleven-char', { temporary: false, unlock: false }));
    expect(short.message).toBe('The directory refused the password: it must be at least 12 characters long');
    await directory.setPassword(account, 'Second-password-12', { temporary: false, unlock: false });
    const reused = await refusalOf(directory.setPassword(account, 'First-password-12', { temporary: false, unlock: false }));
    expect(reused.message).toBe(
      'The directory refused the password: it is one of the last 3 passwords of this account; choose one not used before',
    );
  });

  it('checks a reset by a write account against the history', async () => {
    const account = await person(slapd);
    await directory.setPassword(account, SECOND, { temporary: false, unlock: false });
    const refusal = await refusalOf(directory.setPassword(account, FIRST, { temporary: false, unlock: false }));
    expect(refusal.rule).toBe(DIRECTORY_RULES.HISTORY);
    expect(refusal.message).toBe('The directory refused the password: it was used recently on this account; choose one not used before');
    expect(refusal.diagnostic).toBe('constraintViolation (19): Password is in history of old passwords; ppolicy PasswordInHistory (8)');
    const same = await refusalOf(directory.setPassword(account, SECOND, { temporary: false, unlock: false }));
    expect(same.rule).toBe(DIRECTORY_RULES.HISTORY);
    expect(same.diagnostic).toBe(
      'constraintViolation (19): Password is not being changed from existing value; ppolicy PasswordInHistory (8)',
    );
    expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
  });

  it('checks a reset by a write account against pwdMinAge too (too young)', async () => {
    const young = await slapd.addPolicy('young-reset', { pwdMinAge: 3600, pwdInHistory: 5, pwdMinLength: 10, pwdCheckQuality: 2 });
    const account = await person(slapd, FIRST, { pwdPolicySubentry: young });
    const refusal = await refusalOf(directory.setPassword(account, SECOND, { temporary: false, unlock: false }));
    expect(refusal.rule).toBe(DIRECTORY_RULES.MIN_AGE);
    expect(refusal.message).toMatch(
      /^The directory refused the change: the password was changed too recently; it can be changed again after \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
    expect(refusal.detail).toMatch(
      / on uid=person\d+,ou=people,dc=example,dc=org \(ppolicy applies pwdMinAge to resets because cn=resetdesk,ou=services,dc=example,dc=org has write, not manage, on userPassword\) \(constraintViolation \(19\)/,
    );
    expect(refusal.diagnostic).toBe('constraintViolation (19): Password is too young to change; ppolicy PasswordTooYoung (7)');
  });

  describe("the holder's own change", () => {
    it('lands as the holder', async () => {
      const account = await person(slapd);
      await directory.changePassword(account, FIRST, SECOND);
      expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
      expect(await slapd.canBind(account.dn, FIRST)).toBe(false);
    });

    it('refuses a wrong current password', async () => {
      const account = await person(slapd);
      const refusal = await refusalOf(directory.changePassword(account, 'Not-the-current-1', SECOND));
      expect(refusal.rule).toBe(DIRECTORY_RULES.WRONG_CURRENT_PASSWORD);
      expect(refusal.message).toBe('The current password is not correct');
      expect(refusal.diagnostic).toBe('invalidCredentials (49)');
      expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
    });

    it('refuses a password from the history', async () => {
      const account = await person(slapd);
      await directory.changePassword(account, FIRST, SECOND);
      const refusal = await refusalOf(directory.changePassword(account, SECOND, FIRST));
      expect(refusal.rule).toBe(DIRECTORY_RULES.HISTORY);
      expect(refusal.diagnostic).toBe('constraintViolation (19): Password is in history of old passwords; ppolicy PasswordInHistory (8)');
    });

    it('refuses a change before pwdMinAge has passed', async () => {
      const young = await slapd.addPolicy('young-change', { pwdMinAge: 3600, pwdInHistory: 5, pwdMinLength: 10, pwdCheckQuality: 2 });
      const account = await person(slapd, FIRST, { pwdPolicySubentry: young });
      const refusal = await refusalOf(directory.changePassword(account, FIRST, SECOND));
      expect(refusal.rule).toBe(DIRECTORY_RULES.MIN_AGE);
      expect(refusal.diagnostic).toBe('constraintViolation (19): Password is too young to change; ppolicy PasswordTooYoung (7)');
      expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
    });

    it('refuses a too-short new password', async () => {
      const account = await person(slapd);
      const refusal = await refusalOf(directory.changePassword(account, FIRST, 'Short-2'));
      expect(refusal.rule).toBe(DIRECTORY_RULES.MIN_LENGTH);
    });

    it('says when the policy forbids holders to change their own password', async () => {
      const fixed = await slapd.addPolicy('fixed', { pwdAllowUserChange: false });
      const account = await person(slapd, FIRST, { pwdPolicySubentry: fixed });
      const refusal = await refusalOf(directory.changePassword(account, FIRST, SECOND));
      expect(refusal.rule).toBe(DIRECTORY_RULES.CHANGE_NOT_ALLOWED);
      expect(refusal.diagnostic).toBe(
        'insufficientAccess (50): User alteration of password is not allowed; ppolicy PasswordModNotAllowed (3)',
      );
    });

    it('tells a locked account apart from a wrong password', async () => {
      const account = await person(slapd);
      await lockOut(slapd, account.dn);
      const refusal = await refusalOf(directory.changePassword(account, FIRST, SECOND));
      expect(refusal.rule).toBe(DIRECTORY_RULES.ACCOUNT_LOCKED);
      expect(refusal.diagnostic).toBe('invalidCredentials (49); ppolicy AccountLocked (1)');
    });

    it('tells an expired password (no grace logins) apart from a wrong one, and lets one with grace logins left change', async () => {
      const noGrace = await slapd.addPolicy('short-lived', { pwdMaxAge: 1, pwdGraceAuthNLimit: 0 });
      const withGrace = await slapd.addPolicy('short-lived-grace', { pwdMaxAge: 1, pwdGraceAuthNLimit: 2 });
      const expired = await person(slapd, FIRST, { pwdPolicySubentry: noGrace });
      const graced = await person(slapd, FIRST, { pwdPolicySubentry: withGrace });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const refusal = await refusalOf(directory.changePassword(expired, FIRST, SECOND));
      expect(refusal.rule).toBe(DIRECTORY_RULES.PASSWORD_EXPIRED);
      expect(refusal.diagnostic).toBe('invalidCredentials (49); ppolicy PasswordExpired (0)');
      await directory.changePassword(graced, FIRST, SECOND);
      expect(await slapd.canBind(graced.dn, SECOND)).toBe(true);
    });

    it('changes a temporary password on a store that has not yet read the root DSE (asked before the restricted bind)', async () => {
      const account = await person(slapd);
      await directory.setPassword(account, SECOND, { temporary: true, unlock: false });
      await directoryFor(slapd).changePassword(account, SECOND, THIRD);
      expect(await holderSearch(slapd, account.dn, THIRD)).toBe('allowed');
    });
  });

  it('unlocks after five wrong binds: the right password binds again and the failure count is gone', async () => {
    const account = await person(slapd);
    await lockOut(slapd, account.dn);
    expect(await slapd.canBind(account.dn, FIRST)).toBe(false);
    await directory.unlock(account);
    expect(await slapd.read(account.dn, ['pwdAccountLockedTime', 'pwdFailureTime'])).toMatchObject({
      pwdAccountLockedTime: [],
      pwdFailureTime: [],
    });
    expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
    await directory.unlock(account); // nothing locked: nothing to do
  });

  it('cannot clear failed binds short of a lockout with write (pwdFailureTime is NO-USER-MODIFICATION); a successful bind does', async () => {
    const account = await person(slapd);
    for (let attempt = 0; attempt < 3; attempt++) await slapd.canBind(account.dn, 'not-the-password-9');
    await directory.unlock(account);
    expect((await slapd.read(account.dn, ['pwdFailureTime'])).pwdFailureTime).toHaveLength(3);
    expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
    expect((await slapd.read(account.dn, ['pwdFailureTime'])).pwdFailureTime).toEqual([]);
  });

  it('a reset unlocks too (ppolicy clears the lockout with any password change)', async () => {
    const account = await person(slapd);
    await lockOut(slapd, account.dn);
    await directory.setPassword(account, SECOND, { temporary: false, unlock: true });
    expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
  });

  it('neither unlocks nor resets an account an administrator disabled (pwdAccountLockedTime 000001010000Z)', async () => {
    const account = await person(slapd);
    await slapd.modify(account.dn, { pwdAccountLockedTime: '000001010000Z' });
    expect((await refusalOf(directory.unlock(account))).rule).toBe(DIRECTORY_RULES.ACCOUNT_DISABLED);
    expect((await refusalOf(directory.setPassword(account, SECOND, { temporary: false, unlock: true }))).rule).toBe(
      DIRECTORY_RULES.ACCOUNT_DISABLED,
    );
    expect((await slapd.read(account.dn, ['pwdAccountLockedTime'])).pwdAccountLockedTime).toBe('000001010000Z');
  });

  it('answers NO_SUCH_ENTRY for an entry that left the directory', async () => {
    const refusal = await refusalOf(
      directory.setPassword({ username: 'ghost', dn: slapd.userDn('ghost') }, SECOND, { temporary: false, unlock: false }),
    );
    expect(refusal.rule).toBe(DIRECTORY_RULES.NO_SUCH_ENTRY);
    expect(refusal.message).toBe(
      "The account's entry is not in the directory (or ResetDesk may not read it); ask an administrator to run a directory sync",
    );
    expect(refusal.detail).toContain(slapd.userDn('ghost'));
    expect(refusal.diagnostic).toBe('noSuchObject (32)');
  });

  it('writes nothing outside DIRECTORY_BASE_DN', async () => {
    const refusal = await refusalOf(
      directory.setPassword({ username: 'resetdesk', dn: slapd.bindDn }, SECOND, { temporary: false, unlock: false }),
    );
    expect(refusal.rule).toBe(DIRECTORY_RULES.REFUSED);
    expect(refusal.message).toBe(
      'ResetDesk only changes accounts in the part of the directory it is configured for, and this account is outside it; ask an administrator',
    );
    expect(refusal.detail).toContain('DIRECTORY_BASE_DN');
    expect(await slapd.canBind(slapd.bindDn, slapd.bindPassword)).toBe(true);
  });

  it('names the ACL to grant when the service account may not write the password', async () => {
    const wholeTree = directoryFor(slapd, { DIRECTORY_BASE_DN: slapd.suffix });
    const account = await person(slapd, FIRST, {}, 'vault');
    const refusal = await refusalOf(wholeTree.setPassword(account, SECOND, { temporary: false, unlock: false }));
    expect(refusal.rule).toBe(DIRECTORY_RULES.INSUFFICIENT_RIGHTS);
    expect(refusal.message).toBe(
      "The directory does not let ResetDesk change this account's password; ask an administrator to grant ResetDesk's service account the rights (the audit log says which)",
    );
    expect(refusal.detail).toContain(`access to attrs=userPassword,pwdReset,pwdAccountLockedTime by dn.exact="${slapd.bindDn}" write`);
    expect(refusal.diagnostic).toBe('insufficientAccess (50)');
    expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
  });

  it('says the password did change when the pwdReset that follows the exop is refused', async () => {
    const wholeTree = directoryFor(slapd, { DIRECTORY_BASE_DN: slapd.suffix });
    const account = await person(slapd, FIRST, {}, 'password-only');
    const error = await wholeTree.setPassword(account, SECOND, { temporary: true, unlock: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DirectoryIncompleteWrite);
    expect(error).toBeInstanceOf(DirectoryUnavailable);
    expect((error as Error).message).toBe(
      'The new password was set in the directory but it could not be marked temporary: the holder will not be asked to change it. Reset it again once the directory answers',
    );
    expect((error as DirectoryIncompleteWrite).detail).toBe(
      `The new password was set in the directory but it could not be marked temporary (pwdReset: TRUE on ${account.dn}: insufficientAccess (50)); the holder will not be asked to change it. Reset it again once the directory answers, or set pwdReset there`,
    );
    expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
  });

  it('lands 20 parallel resets on 20 accounts, each on its own connection', async () => {
    const accounts = await Promise.all(Array.from({ length: 20 }, () => person(slapd)));
    await Promise.all(
      accounts.map((account, index) =>
        directory.setPassword(account, `Parallel-password-${index}`, { temporary: index % 2 === 0, unlock: false }),
      ),
    );
    for (const [index, account] of accounts.entries()) {
      expect(await slapd.canBind(account.dn, `Parallel-password-${index}`)).toBe(true);
      expect(await pwdReset(slapd, account.dn)).toBe(index % 2 === 0 ? 'TRUE' : undefined);
    }
  });

  it('names no DN, URL, service account or ACL in the message of any refusal, only in its detail', async () => {
    const wholeTree = directoryFor(slapd, { DIRECTORY_BASE_DN: slapd.suffix });
    const young = await slapd.addPolicy('young-safe', { pwdMinAge: 3600, pwdInHistory: 3, pwdMinLength: 12 });
    const fixed = await slapd.addPolicy('fixed-safe', { pwdAllowUserChange: false });
    const disabled = await person(slapd);
    await slapd.modify(disabled.dn, { pwdAccountLockedTime: '000001010000Z' });
    const locked = await person(slapd);
    await lockOut(slapd, locked.dn);
    const aged = await person(slapd, FIRST, { pwdPolicySubentry: young });
    const refusals: Array<[DirectoryRule, () => Promise<unknown>]> = [
      [
        DIRECTORY_RULES.MIN_LENGTH,
        () => person(slapd).then((a) => directory.setPassword(a, 'Short-1', { temporary: false, unlock: false })),
      ],
      [DIRECTORY_RULES.MIN_AGE, () => directory.setPassword(aged, THIRD, { temporary: false, unlock: false })],
      [DIRECTORY_RULES.WRONG_CURRENT_PASSWORD, () => person(slapd).then((a) => directory.changePassword(a, 'not-the-password-9', SECOND))],
      [
        DIRECTORY_RULES.CHANGE_NOT_ALLOWED,
        () => person(slapd, FIRST, { pwdPolicySubentry: fixed }).then((a) => directory.changePassword(a, FIRST, SECOND)),
      ],
      [DIRECTORY_RULES.ACCOUNT_LOCKED, () => directory.changePassword(locked, FIRST, SECOND)],
      [DIRECTORY_RULES.ACCOUNT_DISABLED, () => directory.unlock(disabled)],
      [
        DIRECTORY_RULES.NO_SUCH_ENTRY,
        () => directory.setPassword({ username: 'ghost2', dn: slapd.userDn('ghost2') }, SECOND, { temporary: false, unlock: false }),
      ],
      [
        DIRECTORY_RULES.REFUSED,
        () =>
          directory.setPassword({ username: 'x', dn: `uid=x,ou=elsewhere,${slapd.suffix}` }, SECOND, { temporary: false, unlock: false }),
      ],
      [
        DIRECTORY_RULES.INSUFFICIENT_RIGHTS,
        () => person(slapd, FIRST, {}, 'vault').then((a) => wholeTree.setPassword(a, SECOND, { temporary: false, unlock: false })),
      ],
    ];
    for (const [rule, work] of refusals) {
      const refusal = await refusalOf(work());
      expect(refusal.rule).toBe(rule);
      expectSafeForHolders(refusal, slapd);
    }
    const incomplete = await wholeTree
      .setPassword(await person(slapd, FIRST, {}, 'password-only'), SECOND, { temporary: true, unlock: false })
      .catch((error: unknown) => error);
    expect(incomplete).toBeInstanceOf(DirectoryIncompleteWrite);
    expectSafeForHolders(incomplete as DirectoryIncompleteWrite, slapd);
  });

  it('keeps passwords out of refusals', async () => {
    const account = await person(slapd);
    const refusal = await refusalOf(directory.setPassword(account, FIRST, { temporary: false, unlock: false }));
    expect(`${refusal.message} ${refusal.diagnostic}`).not.toContain(FIRST);
  });
});

describe('LdapPasswordDirectory with a service account that has manage on userPassword', () => {
  let slapd: PrivateSlapd;
  let directory: LdapPasswordDirectory;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start({ serviceAccess: 'manage' });
    directory = directoryFor(slapd);
  });
  afterAll(() => slapd?.stop());

  it('premise: a bare Password Modify by a manage writer sets pwdReset itself (pwdMustChange: TRUE)', async () => {
    const account = await person(slapd);
    await slapd.as(slapd.bindDn, slapd.bindPassword, (client: Client) =>
      client.exop(PASSWORD_MODIFY_OID, passwordModifyValue({ userIdentity: account.dn, newPasswd: SECOND })),
    );
    expect(await pwdReset(slapd, account.dn)).toBe('TRUE');
  });

  it('clears the pwdReset ppolicy set on a password the holder chose, so they are not asked to change it again', async () => {
    const account = await person(slapd);
    await directory.setPassword(account, SECOND, { temporary: false, unlock: false });
    expect(await pwdReset(slapd, account.dn)).toBeUndefined();
    expect(await holderSearch(slapd, account.dn, SECOND)).toBe('allowed');
  });

  it('marks a temporary password with pwdReset', async () => {
    const account = await person(slapd);
    await directory.setPassword(account, SECOND, { temporary: true, unlock: false });
    expect(await pwdReset(slapd, account.dn)).toBe('TRUE');
    expect(await holderSearch(slapd, account.dn, SECOND)).toBeInstanceOf(InsufficientAccessError);
  });

  it('is not checked against history, length or age: ppolicy leaves a manage writer alone', async () => {
    const young = await slapd.addPolicy('young', { pwdMinAge: 3600, pwdInHistory: 5, pwdMinLength: 10, pwdCheckQuality: 2 });
    const account = await person(slapd, FIRST, { pwdPolicySubentry: young });
    await directory.setPassword(account, SECOND, { temporary: false, unlock: false });
    await directory.setPassword(account, FIRST, { temporary: false, unlock: false });
    await directory.setPassword(account, 'Short-3', { temporary: false, unlock: false });
    expect(await slapd.canBind(account.dn, 'Short-3')).toBe(true);
  });

  it('clears failed binds short of a lockout (Relax Rules control)', async () => {
    const account = await person(slapd);
    for (let attempt = 0; attempt < 3; attempt++) await slapd.canBind(account.dn, 'not-the-password-9');
    expect((await slapd.read(account.dn, ['pwdFailureTime'])).pwdFailureTime).toHaveLength(3);
    await directory.unlock(account);
    expect((await slapd.read(account.dn, ['pwdFailureTime'])).pwdFailureTime).toEqual([]);
  });

  it('unlocks after five wrong binds', async () => {
    const account = await person(slapd);
    await lockOut(slapd, account.dn);
    await directory.unlock(account);
    expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
  });

  it("still checks the holder's own change", async () => {
    const account = await person(slapd);
    await directory.changePassword(account, FIRST, SECOND);
    expect((await refusalOf(directory.changePassword(account, SECOND, FIRST))).rule).toBe(DIRECTORY_RULES.HISTORY);
  });

  describe('without Password Modify (one modify of userPassword)', () => {
    let modifyOnly: LdapPasswordDirectory;
    beforeAll(() => {
      modifyOnly = new ModifyOnlyDirectory(new DirectoryConnection(parseConfig({ NODE_ENV: 'test', ...slapd.env() }).directory));
    });

    it('sets a chosen password and its absent pwdReset in the same modify', async () => {
      const account = await person(slapd);
      await modifyOnly.setPassword(account, SECOND, { temporary: false, unlock: false });
      expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
      expect(await pwdReset(slapd, account.dn)).toBeUndefined();
      expect(String((await slapd.read(account.dn, ['userPassword'])).userPassword)).toMatch(/^\{SSHA\}/);
    });

    it('sets a temporary password with pwdReset and unlocks in the same modify', async () => {
      const account = await person(slapd);
      await lockOut(slapd, account.dn);
      await modifyOnly.setPassword(account, SECOND, { temporary: true, unlock: true });
      expect(await pwdReset(slapd, account.dn)).toBe('TRUE');
      expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
    });

    it("makes the holder's change as a delete of the old value and an add of the new", async () => {
      const account = await person(slapd);
      await modifyOnly.changePassword(account, FIRST, SECOND);
      expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
      expect((await refusalOf(modifyOnly.changePassword(account, SECOND, FIRST))).rule).toBe(DIRECTORY_RULES.HISTORY);
    });
  });
});

describe('LdapPasswordDirectory when the directory is down, slow or misconfigured', () => {
  let slapd: PrivateSlapd;
  let otherCa: string;
  let scratch: string;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start();
    scratch = await mkdtemp(join(tmpdir(), 'resetdesk-ca-'));
    otherCa = join(scratch, 'other-ca.pem');
    await writeSelfSignedCertificate({
      keyFile: join(scratch, 'key.pem'),
      certFile: otherCa,
      commonName: '127.0.0.1',
      altNames: ['IP:127.0.0.1'],
      days: 1,
    });
  });
  afterAll(async () => {
    slapd?.thaw();
    await slapd?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('answers DirectoryUnavailable while the server is stopped, and works again once it is back', async () => {
    const directory = directoryFor(slapd);
    const account = await person(slapd);
    await directory.setPassword(account, SECOND, { temporary: false, unlock: false });
    await slapd.crash();
    try {
      const outage = await outageOf(directory.setPassword(account, THIRD, { temporary: false, unlock: false }));
      expect(outage.message).toBe('The directory could not be reached; try again in a minute');
      expect(outage.detail).toContain(`The directory at ${slapd.url} did not answer`);
      expect((await outageOf(directory.unlock(account))).detail).toContain('did not answer');
      expect((await outageOf(directory.changePassword(account, SECOND, THIRD))).detail).toContain('did not answer');
    } finally {
      await slapd.resume();
    }
    await directory.setPassword(account, THIRD, { temporary: false, unlock: false });
    expect(await slapd.canBind(account.dn, THIRD)).toBe(true);
  });

  it('answers DirectoryUnavailable within DIRECTORY_TIMEOUT_MS when the server hangs', async () => {
    const directory = directoryFor(slapd, { DIRECTORY_TIMEOUT_MS: '500' });
    const account = await person(slapd);
    slapd.freeze();
    const started = Date.now();
    try {
      const outage = await outageOf(directory.setPassword(account, SECOND, { temporary: false, unlock: false }));
      expect(outage.detail).toContain('did not answer');
      expect(outage).not.toBeInstanceOf(DirectoryOutcomeUnknown);
    } finally {
      slapd.thaw();
    }
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
  });

  it('answers DirectoryOutcomeUnknown, not a plain outage, when the server hangs once the password write is sent', async () => {
    const config = parseConfig({ NODE_ENV: 'test', ...slapd.env({ DIRECTORY_TIMEOUT_MS: '500' }) }).directory;
    const freeze = () => slapd.freeze();
    for (const directory of [
      new LdapPasswordDirectory(new HangingAt(config, 'exop', freeze)),
      new ModifyOnlyDirectory(new HangingAt(config, 'modify', freeze)),
    ]) {
      const account = await person(slapd);
      try {
        const reset = await outageOf(directory.setPassword(account, SECOND, { temporary: false, unlock: false }));
        expect(reset).toBeInstanceOf(DirectoryOutcomeUnknown);
        expect(reset.message).toBe(DirectoryOutcomeUnknown.MESSAGE);
        expect(reset.detail).toContain(`The password write for ${account.dn} was sent but the directory did not answer`);
      } finally {
        slapd.thaw();
      }
      // The holder's own change, which does not share the reset's connection. The write left unanswered may still
      // land once the server runs again, at the same second: ppolicy then refuses a second history entry for it.
      await slapd.modifyOnceSettled(account.dn, { userPassword: THIRD });
      try {
        expect(await outageOf(directory.changePassword(account, THIRD, 'Fourth-password-4'))).toBeInstanceOf(DirectoryOutcomeUnknown);
      } finally {
        slapd.thaw();
      }
    }
  });

  it('keeps a hang before the write (connect, bind, the entry read) a plain DirectoryUnavailable', async () => {
    const config = parseConfig({ NODE_ENV: 'test', ...slapd.env({ DIRECTORY_TIMEOUT_MS: '500' }) }).directory;
    const account = await person(slapd);
    // Frozen at the search that reads the entry's lock state, before any write.
    try {
      const outage = await outageOf(
        new LdapPasswordDirectory(new HangingAt(config, 'search', () => slapd.freeze())).setPassword(account, SECOND, {
          temporary: false,
          unlock: false,
        }),
      );
      expect(outage).not.toBeInstanceOf(DirectoryOutcomeUnknown);
    } finally {
      slapd.thaw();
    }
    expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
  });

  it('resets over STARTTLS on the plain port, one TLS session per connection', async () => {
    const directory = directoryFor(slapd, { DIRECTORY_URL: slapd.plainUrl, DIRECTORY_STARTTLS: 'true' });
    const account = await person(slapd);
    // Two connections (the exop, then pwdReset): the second STARTTLS must not reuse the first one's socket.
    await directory.setPassword(account, SECOND, { temporary: true, unlock: false });
    expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
    expect(await pwdReset(slapd, account.dn)).toBe('TRUE');
    await directory.changePassword(account, SECOND, THIRD);
    expect(await slapd.canBind(account.dn, THIRD)).toBe(true);

    const accounts = await Promise.all(Array.from({ length: 10 }, () => person(slapd)));
    await Promise.all(
      accounts.map((other, index) => directory.setPassword(other, `Starttls-password-${index}`, { temporary: false, unlock: false })),
    );
    for (const [index, other] of accounts.entries()) expect(await slapd.canBind(other.dn, `Starttls-password-${index}`)).toBe(true);
  });

  it('names TLS and DIRECTORY_CA_FILE when the certificate is signed by another CA (ldaps and STARTTLS)', async () => {
    const account = await person(slapd);
    const configurations: Record<string, string>[] = [
      { DIRECTORY_CA_FILE: otherCa },
      { DIRECTORY_CA_FILE: otherCa, DIRECTORY_URL: slapd.plainUrl, DIRECTORY_STARTTLS: 'true' },
    ];
    for (const env of configurations) {
      const outage = await outageOf(directoryFor(slapd, env).setPassword(account, SECOND, { temporary: false, unlock: false }));
      expect(outage.message).toBe(
        'The directory could not be reached securely; try again in a minute, and tell an administrator if it persists',
      );
      expect(outage.detail).toMatch(
        /^The TLS connection to the directory at .* failed \(.*\): an administrator must check DIRECTORY_CA_FILE/,
      );
    }
    expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
  });

  it("without DIRECTORY_CA_FILE trusts the system's CA bundle (an internal CA installed there, here named by SSL_CERT_FILE), not only Node's bundled CAs", async () => {
    const account = await person(slapd);
    const systemTrustsIt = directoryFor(slapd, { DIRECTORY_CA_FILE: '', SSL_CERT_FILE: slapd.caFile });
    await systemTrustsIt.setPassword(account, SECOND, { temporary: false, unlock: false });
    expect(await slapd.canBind(account.dn, SECOND)).toBe(true);
    // This host's own bundle does not hold the test CA: the certificate is refused as before.
    const outage = await outageOf(
      directoryFor(slapd, { DIRECTORY_CA_FILE: '', SSL_CERT_FILE: '' }).setPassword(account, THIRD, { temporary: false, unlock: false }),
    );
    expect(outage.detail).toMatch(/^The TLS connection to the directory at .* failed \(self-signed certificate\)/);
  });

  it('names DIRECTORY_BIND_DN when the service password is wrong', async () => {
    const account = await person(slapd);
    const outage = await outageOf(
      directoryFor(slapd, { DIRECTORY_BIND_PASSWORD: 'not-the-service-password' }).setPassword(account, SECOND, {
        temporary: false,
        unlock: false,
      }),
    );
    expect(outage.message).toBe(
      'ResetDesk cannot use the directory right now (the directory refused its service account); try again later, and tell an administrator',
    );
    expect(outage.detail).toBe(
      `The directory refused ResetDesk's service account (${slapd.bindDn}); an administrator must check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD`,
    );
  });

  it('names no URL, DN or setting in the message of any outage, only in its detail (credentials stripped from the URL)', async () => {
    const account = await person(slapd);
    const config = parseConfig({ NODE_ENV: 'test', ...slapd.env({ DIRECTORY_TIMEOUT_MS: '500' }) }).directory;
    // A URL with credentials in it: they reach neither the message nor the detail.
    const withUserInfo = { ...config, url: slapd.url.replace('ldaps://', 'ldaps://someone:url-secret@') };
    const outages: DirectoryUnavailable[] = [
      await outageOf(directoryFor(slapd, { DIRECTORY_BIND_PASSWORD: 'wrong-service-password' }).unlock(account)),
      await outageOf(new LdapPasswordDirectory(new DirectoryConnection({ ...config, bindPassword: '' })).unlock(account)),
      await outageOf(directoryFor(slapd, { DIRECTORY_CA_FILE: otherCa }).unlock(account)),
      await outageOf(
        new LdapPasswordDirectory(
          new DirectoryConnection({ ...withUserInfo, url: withUserInfo.url.replace(String(slapd.tlsPort), String(slapd.port)) }),
        ).unlock(account),
      ),
    ];
    slapd.freeze();
    try {
      outages.push(await outageOf(new LdapPasswordDirectory(new DirectoryConnection(withUserInfo)).unlock(account)));
    } finally {
      slapd.thaw();
    }
    try {
      outages.push(
        await outageOf(
          new LdapPasswordDirectory(new HangingAt(config, 'exop', () => slapd.freeze())).setPassword(account, SECOND, {
            temporary: false,
            unlock: false,
          }),
        ),
      );
    } finally {
      slapd.thaw();
    }
    expect(outages.at(-1)).toBeInstanceOf(DirectoryOutcomeUnknown);
    for (const outage of outages) {
      expectSafeForHolders(outage, slapd);
      expect(outage.detail).not.toContain('url-secret');
      expect(outage.detail).not.toContain('someone');
    }
    expect(outages[4].detail).toContain(`The directory at ${slapd.url} did not answer`);
  });

  it('answers DirectoryUnavailable, not an untranslated LDAP error, when the service bind is refused with another code (unwillingToPerform for an empty password)', async () => {
    // The configuration refuses an empty DIRECTORY_BIND_PASSWORD; a connection built by hand still meets the case.
    const config = { ...parseConfig({ NODE_ENV: 'test', ...slapd.env() }).directory, bindPassword: '' };
    const directory = new LdapPasswordDirectory(new DirectoryConnection(config));
    const account = await person(slapd);
    const outage = await outageOf(directory.setPassword(account, SECOND, { temporary: false, unlock: false }));
    expect(outage.cause).toMatchObject({ code: 53, message: 'unauthenticated bind (DN with no password) disallowed Code: 0x35' });
    expect(await outageOf(directory.unlock(account))).toBeInstanceOf(DirectoryUnavailable);
    expect(await slapd.canBind(account.dn, FIRST)).toBe(true);
  });

  describe('check()', () => {
    it('reports every item ok on a good configuration', async () => {
      await person(slapd);
      const items = await directoryFor(slapd).check();
      expect(items.map(({ name, ok }) => [name, ok])).toEqual([
        ['connect', true],
        ['tls', true],
        ['bind', true],
        ['base', true],
        ['search', true],
        ['password-modify', true],
      ]);
      expect(items.find((item) => item.name === 'search')?.message).toContain(`under ${slapd.peopleDn} (e.g. uid=`);
    });

    it('says which setting to fix on a broken one, without throwing', async () => {
      const byName = async (env: Record<string, string>) =>
        Object.fromEntries((await directoryFor(slapd, env).check()).map((item) => [item.name, item]));

      const wrongPassword = await byName({ DIRECTORY_BIND_PASSWORD: 'not-the-service-password' });
      expect(wrongPassword.tls.ok).toBe(true);
      expect(wrongPassword.bind).toMatchObject({
        ok: false,
        message: expect.stringContaining('check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD'),
      });
      expect(wrongPassword.base).toMatchObject({ ok: false, message: 'not checked: the service account could not bind' });

      const wrongBase = await byName({ DIRECTORY_BASE_DN: `ou=nobody,${slapd.suffix}` });
      expect(wrongBase.bind.ok).toBe(true);
      expect(wrongBase.base).toMatchObject({ ok: false, message: expect.stringContaining('check DIRECTORY_BASE_DN') });

      const nobodyMatches = await byName({ DIRECTORY_USER_FILTER: '(uid=nobody-has-this-uid)' });
      expect(nobodyMatches.search).toMatchObject({ ok: false, message: expect.stringContaining('check DIRECTORY_USER_FILTER') });

      const wrongCa = await byName({ DIRECTORY_CA_FILE: otherCa });
      expect(wrongCa.connect.ok).toBe(true);
      expect(wrongCa.tls).toMatchObject({ ok: false, message: expect.stringContaining('DIRECTORY_CA_FILE') });

      await slapd.crash();
      try {
        const stopped = await byName({});
        expect(stopped.connect).toMatchObject({ ok: false, message: expect.stringContaining('ECONNREFUSED') });
        expect(stopped.tls.ok).toBe(false);
      } finally {
        await slapd.resume();
      }
    });
  });
});

describe('LdapPasswordDirectory on a server that shows its features only to bound clients', () => {
  let slapd: PrivateSlapd;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start({ rootDseFeatures: 'bound' });
  });
  afterAll(() => slapd?.stop());

  it('premise: anonymous readers see neither Password Modify nor ppolicy in the root DSE, the service account sees both', async () => {
    const anonymous = new Client({ url: slapd.url, tlsOptions: { ca: readFileSync(slapd.caFile) } });
    try {
      expect(await readServerFeatures(anonymous)).toEqual({ passwordModify: false, ppolicy: false });
    } finally {
      await anonymous.unbind().catch(() => undefined);
    }
    expect(await slapd.as(slapd.bindDn, slapd.bindPassword, readServerFeatures)).toEqual({ passwordModify: true, ppolicy: true });
  });

  it("reads the features as the service account, so a holder's change first does not make the next reset think ppolicy is missing", async () => {
    const directory = directoryFor(slapd);
    const holder = await person(slapd);
    await directory.changePassword(holder, FIRST, SECOND);
    expect(await slapd.canBind(holder.dn, SECOND)).toBe(true);

    // A temporary password needs ppolicy (pwdReset): with the anonymous view cached, this reset would be refused.
    const account = await person(slapd);
    await directory.setPassword(account, THIRD, { temporary: true, unlock: false });
    expect(await pwdReset(slapd, account.dn)).toBe('TRUE');
  });

  it('check() reports Password Modify as the bound service account sees it', async () => {
    const items = await directoryFor(slapd).check();
    expect(items.find((item) => item.name === 'password-modify')?.ok).toBe(true);
  });
});
