import { ConfigError, parseConfig } from '@resetdesk/core';
import {
  AdPasswordDirectory,
  DIRECTORY_RULES,
  DirectoryAccountRef,
  DirectoryConnection,
  DirectoryOutcomeUnknown,
  DirectoryRefusal,
  DirectoryRule,
  DirectoryUnavailable,
  encodeUnicodePwd,
  POLICY_HINTS_DEPRECATED_OID,
  POLICY_HINTS_OID,
  PolicyHintsControl,
  translateAdError,
} from '@resetdesk/directory';
import { Attribute, Change, Client, StrongAuthRequiredError, UnavailableCriticalExtensionError } from 'ldapts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { freePort } from '../support/ports';
import { HangingAt } from '../support/hang-at';
import { PrivateSamba } from '../support/private-samba';

/** Samba 4.17's own words, as the tests below receive them. */
const SAMBA = {
  tooShort:
    '0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 8 characters!',
  complexity: '0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!',
  history: '0000052D: Constraint violation - check_password_restrictions: the password was already used (in history)!',
  tooYoung: '0000052D: Constraint violation - check_password_restrictions: password is too young to change!',
  wrongOld: "00000056: Constraint violation - check_password_restrictions: The old password specified doesn't match!",
  bind: (data: string) => `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${data}, v1db1`,
  noResetRight: 'error in module acl: insufficient access rights during LDB_MODIFY (50)',
};

describe('Active Directory password store (Samba AD DC)', () => {
  let samba: PrivateSamba;
  let directory: AdPasswordDirectory;
  let serial = 0;

  const adFor = (env: Record<string, string>) =>
    new AdPasswordDirectory(new DirectoryConnection(parseConfig({ NODE_ENV: 'test', ...env }).directory));

  /** A fresh enabled user in OU=Staff with `password`, as the sync would have linked it. */
  async function holder(password: string, attributes?: Record<string, string | Buffer>): Promise<DirectoryAccountRef> {
    const username = `ad${process.pid % 10_000}u${++serial}`;
    const dn = await samba.addUser({
      sAMAccountName: username,
      displayName: `Holder ${username}`,
      mail: `${username}@example.org`,
      password,
      attributes,
    });
    return { username, dn };
  }

  async function refusalOf(work: Promise<unknown>): Promise<DirectoryRefusal> {
    const error = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DirectoryRefusal);
    return error as DirectoryRefusal;
  }

  function expectRule(refusal: DirectoryRefusal, rule: DirectoryRule, diagnostic?: string): void {
    expect(refusal.rule).toBe(rule);
    if (diagnostic !== undefined) expect(refusal.diagnostic).toBe(diagnostic);
  }

  beforeAll(async () => {
    samba = await PrivateSamba.start();
    directory = adFor(samba.env());
  }, 120_000);

  afterAll(async () => {
    await samba?.stop();
  });

  it('lands a reset where people sign in: the new password binds, the old one no longer does', async () => {
    const account = await holder('Initial-Pass-1');
    await directory.setPassword(account, 'Reset-Pass-2', { temporary: false, unlock: false });
    expect(await samba.canBind(account.dn, 'Reset-Pass-2')).toBe(true);
    expect(await samba.canBind(samba.userPrincipalName(account.username), 'Reset-Pass-2')).toBe(true);
    expect(await samba.bindError(account.dn, 'Initial-Pass-1')).toBe(SAMBA.bind('52e'));
    expect((await samba.read(account.dn, ['pwdLastSet'])).pwdLastSet).not.toBe('0');
  });

  it('makes a temporary password change at the next bind (773), after which the holder’s own change works and binds', async () => {
    const account = await holder('Initial-Pass-1');
    await directory.setPassword(account, 'Temporary-Pass-2', { temporary: true, unlock: false });
    expect((await samba.read(account.dn, ['pwdLastSet'])).pwdLastSet).toBe('0');
    expect(await samba.bindError(account.dn, 'Temporary-Pass-2')).toBe(SAMBA.bind('773'));
    // AD answers 773 only to the right password; a wrong one is still 52e.
    expect(await samba.bindError(account.dn, 'Not-The-Temporary-3')).toBe(SAMBA.bind('52e'));

    await directory.changePassword(account, 'Temporary-Pass-2', 'Chosen-Pass-4');
    expect(await samba.canBind(account.dn, 'Chosen-Pass-4')).toBe(true);
    expect(await samba.canBind(account.dn, 'Temporary-Pass-2')).toBe(false);
    expect((await samba.read(account.dn, ['pwdLastSet'])).pwdLastSet).not.toBe('0');
  });

  it('still applies history and checks the current password when a temporary password is changed on the service account’s connection', async () => {
    const account = await holder('Initial-Pass-1');
    await directory.setPassword(account, 'Temporary-Pass-2', { temporary: true, unlock: false });
    expectRule(
      await refusalOf(directory.changePassword(account, 'Temporary-Pass-2', 'Initial-Pass-1')),
      DIRECTORY_RULES.HISTORY,
      SAMBA.history,
    );
    expectRule(
      await refusalOf(directory.changePassword(account, 'Wrong-Temporary-9', 'Chosen-Pass-4')),
      DIRECTORY_RULES.WRONG_CURRENT_PASSWORD,
      SAMBA.bind('52e'),
    );
    expect(await samba.bindError(account.dn, 'Temporary-Pass-2')).toBe(SAMBA.bind('773'));
  });

  it('clears a pending must-change when the holder chose the password (pwdLastSet=-1)', async () => {
    const account = await holder('Initial-Pass-1');
    await directory.setPassword(account, 'Temporary-Pass-2', { temporary: true, unlock: false });
    await directory.setPassword(account, 'Chosen-By-Link-3', { temporary: false, unlock: false });
    expect(await samba.canBind(account.dn, 'Chosen-By-Link-3')).toBe(true);
    expect((await samba.read(account.dn, ['pwdLastSet'])).pwdLastSet).not.toBe('0');

    // Samba itself stamps pwdLastSet on any password write, so a reset without pwdLastSet clears a must-change there too; -1 says it explicitly.
    await directory.setPassword(account, 'Temporary-Pass-4', { temporary: true, unlock: false });
    await samba.as(samba.bindDn, samba.bindPassword, (client) =>
      client.modify(
        account.dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd('Plain-Reset-5')] }),
        }),
      ),
    );
    expect(await samba.canBind(account.dn, 'Plain-Reset-5')).toBe(true);
  });

  it('refuses a too short password with MIN_LENGTH and a simple one with QUALITY, leaving the password as it was', async () => {
    const account = await holder('Initial-Pass-1');
    const short = await refusalOf(directory.setPassword(account, 'Ab1!', { temporary: false, unlock: false }));
    expectRule(short, DIRECTORY_RULES.MIN_LENGTH, SAMBA.tooShort);
    expect(short.message).toBe('The password is too short: the domain requires at least 8 characters. Choose a longer one.');
    const simple = await refusalOf(directory.setPassword(account, 'alllowercaseletters', { temporary: true, unlock: false }));
    expectRule(simple, DIRECTORY_RULES.QUALITY, SAMBA.complexity);
    expect(`${simple.message} ${simple.diagnostic}`).not.toContain('alllowercaseletters');
    expectRule(await refusalOf(directory.changePassword(account, 'Initial-Pass-1', 'short1A')), DIRECTORY_RULES.MIN_LENGTH, SAMBA.tooShort);
    // All or nothing: the refused temporary reset did not set pwdLastSet=0 either.
    expect(await samba.canBind(account.dn, 'Initial-Pass-1')).toBe(true);
  });

  it('refuses a recent password in the holder’s own change with HISTORY', async () => {
    const account = await holder('Initial-Pass-1');
    await directory.changePassword(account, 'Initial-Pass-1', 'Second-Pass-2');
    const refusal = await refusalOf(directory.changePassword(account, 'Second-Pass-2', 'Initial-Pass-1'));
    expectRule(refusal, DIRECTORY_RULES.HISTORY, SAMBA.history);
    expect(refusal.message).toBe(
      'The domain remembers this password as one of your recent ones: choose a password you have not used before.',
    );
    expect(await samba.canBind(account.dn, 'Second-Pass-2')).toBe(true);
  });

  it('refuses a change within the minimum password age with MIN_AGE', async () => {
    const account = await holder('Initial-Pass-1');
    await samba.modify(samba.domainDn, { minPwdAge: String(-864_000_000_000) }); // one day
    try {
      expectRule(
        await refusalOf(directory.changePassword(account, 'Initial-Pass-1', 'Second-Pass-2')),
        DIRECTORY_RULES.MIN_AGE,
        SAMBA.tooYoung,
      );
      // An administrator reset is not bound by the minimum age.
      await directory.setPassword(account, 'Reset-Pass-3', { temporary: false, unlock: false });
    } finally {
      await samba.modify(samba.domainDn, { minPwdAge: '0' });
    }
    expect(await samba.canBind(account.dn, 'Reset-Pass-3')).toBe(true);
  });

  describe('the policy-hints control (history on administrator resets)', () => {
    const resetWith = (dn: string, password: string, control?: PolicyHintsControl) =>
      samba.as(samba.bindDn, samba.bindPassword, (client: Client) =>
        client.modify(
          dn,
          new Change({ operation: 'replace', modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd(password)] }) }),
          control,
        ),
      );

    it('is not among the controls Samba 4.17 advertises, neither OID', async () => {
      const rootDse = await samba.asAdmin(
        async (client) => (await client.search('', { scope: 'base', attributes: ['supportedControl'] })).searchEntries[0]!,
      );
      expect(rootDse.supportedControl).toEqual(expect.arrayContaining(['1.2.840.113556.1.4.319']));
      expect(rootDse.supportedControl).not.toEqual(expect.arrayContaining([POLICY_HINTS_OID]));
      expect(rootDse.supportedControl).not.toEqual(expect.arrayContaining([POLICY_HINTS_DEPRECATED_OID]));
    });

    it('is ignored by Samba when not critical: a reset to a password in history lands (Windows Server 2012+ would refuse it)', async () => {
      const account = await holder('Initial-Pass-1');
      await directory.changePassword(account, 'Initial-Pass-1', 'Second-Pass-2');
      // setPassword sends the control (2239, not critical).
      await directory.setPassword(account, 'Initial-Pass-1', { temporary: false, unlock: false });
      expect(await samba.canBind(account.dn, 'Initial-Pass-1')).toBe(true);
      // The deprecated OID, not critical: ignored the same way.
      await resetWith(account.dn, 'Second-Pass-2', new PolicyHintsControl(POLICY_HINTS_DEPRECATED_OID));
      expect(await samba.canBind(account.dn, 'Second-Pass-2')).toBe(true);
      // Without any control, the same reset lands too: Samba checks history only on a change.
      await resetWith(account.dn, 'Initial-Pass-1');
      expect(await samba.canBind(account.dn, 'Initial-Pass-1')).toBe(true);
    });

    it('makes Samba refuse the whole reset when critical (unavailableCriticalExtension, no diagnostic), with either OID', async () => {
      const account = await holder('Initial-Pass-1');
      for (const oid of [POLICY_HINTS_OID, POLICY_HINTS_DEPRECATED_OID]) {
        const error = await resetWith(account.dn, 'Another-Pass-2', new PolicyHintsControl(oid, { critical: true })).catch(
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(UnavailableCriticalExtensionError);
        expect((error as UnavailableCriticalExtensionError).code).toBe(12);
        expect((error as Error).message).toBe(' Code: 0xc');
      }
      expect(await samba.canBind(account.dn, 'Initial-Pass-1')).toBe(true);
    });
  });

  it('refuses a wrong current password with WRONG_CURRENT_PASSWORD and keeps the password', async () => {
    const account = await holder('Initial-Pass-1');
    const refusal = await refusalOf(directory.changePassword(account, 'Wrong-Current-9', 'Second-Pass-2'));
    expectRule(refusal, DIRECTORY_RULES.WRONG_CURRENT_PASSWORD, SAMBA.bind('52e'));
    expect(refusal.message).toBe('The current password is not the one the directory has. Type it again, or ask the helpdesk for a reset.');
    expect(await samba.canBind(account.dn, 'Initial-Pass-1')).toBe(true);
  });

  it('reports the old-password mismatch itself (00000056) when the change gets past the bind', async () => {
    // The holder binds with the right password but the delete carries another one (a client that sends stale data).
    const account = await holder('Initial-Pass-1');
    const error = await samba
      .as(account.dn, 'Initial-Pass-1', (client) =>
        client.modify(account.dn, [
          new Change({
            operation: 'delete',
            modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd('Stale-Pass-0')] }),
          }),
          new Change({
            operation: 'add',
            modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd('Second-Pass-2')] }),
          }),
        ]),
      )
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(`${SAMBA.wrongOld} Code: 0x13`);
    expectRule(translateAdError(error) as DirectoryRefusal, DIRECTORY_RULES.WRONG_CURRENT_PASSWORD, SAMBA.wrongOld);
  });

  it('unlocks an account locked after five wrong binds (775), after which the right password binds', async () => {
    const account = await holder('Initial-Pass-1');
    for (let attempt = 1; attempt <= 5; attempt++)
      expect(await samba.bindError(account.dn, `Wrong-Pass-${attempt}`)).toBe(SAMBA.bind('52e'));
    expect(await samba.bindError(account.dn, 'Initial-Pass-1')).toBe(SAMBA.bind('775'));
    expect((await samba.read(account.dn, ['msDS-User-Account-Control-Computed']))['msDS-User-Account-Control-Computed']).toBe('16'); // UF_LOCKOUT
    expectRule(
      await refusalOf(directory.changePassword(account, 'Initial-Pass-1', 'Second-Pass-2')),
      DIRECTORY_RULES.ACCOUNT_LOCKED,
      SAMBA.bind('775'),
    );

    await directory.unlock(account);
    expect((await samba.read(account.dn, ['lockoutTime'])).lockoutTime).toBe('0');
    expect(await samba.canBind(account.dn, 'Initial-Pass-1')).toBe(true);
  });

  it('clears a lockout together with the reset when asked to', async () => {
    const account = await holder('Initial-Pass-1');
    for (let attempt = 1; attempt <= 5; attempt++) await samba.bindError(account.dn, `Wrong-Pass-${attempt}`);
    await directory.setPassword(account, 'Reset-Pass-2', { temporary: false, unlock: false });
    expect(await samba.bindError(account.dn, 'Reset-Pass-2')).toBe(SAMBA.bind('775'));
    await directory.setPassword(account, 'Reset-Pass-3', { temporary: false, unlock: true });
    expect(await samba.canBind(account.dn, 'Reset-Pass-3')).toBe(true);
  });

  it('refuses the change of a disabled account (533) and of an expired account (701) with ACCOUNT_DISABLED', async () => {
    const disabled = await holder('Initial-Pass-1', { userAccountControl: '514' });
    expect(await samba.bindError(disabled.dn, 'Initial-Pass-1')).toBe(SAMBA.bind('533'));
    const refusal = await refusalOf(directory.changePassword(disabled, 'Initial-Pass-1', 'Second-Pass-2'));
    expectRule(refusal, DIRECTORY_RULES.ACCOUNT_DISABLED, SAMBA.bind('533'));
    expect(refusal.message).toBe('The account is disabled in the directory. Ask your administrator to enable it.');

    const expired = await holder('Initial-Pass-1', { accountExpires: '116444736000000000' }); // 1970-01-01
    expect(await samba.bindError(expired.dn, 'Initial-Pass-1')).toBe(SAMBA.bind('701'));
    expectRule(
      await refusalOf(directory.changePassword(expired, 'Initial-Pass-1', 'Second-Pass-2')),
      DIRECTORY_RULES.ACCOUNT_DISABLED,
      SAMBA.bind('701'),
    );
    expect(await samba.canBind(samba.adminDn, samba.adminPassword)).toBe(true);
  });

  it('names logon-hours (530) and workstation (531) restrictions instead of calling the password wrong', async () => {
    const nightShift = await holder('Initial-Pass-1', { logonHours: Buffer.alloc(21) }); // no hour of the week allowed
    expect(await samba.bindError(nightShift.dn, 'Initial-Pass-1')).toBe(SAMBA.bind('530'));
    const hours = await refusalOf(directory.changePassword(nightShift, 'Initial-Pass-1', 'Second-Pass-2'));
    expectRule(hours, DIRECTORY_RULES.REFUSED, SAMBA.bind('530'));
    expect(hours.message).toMatch(/logon hours/);

    const kiosk = await holder('Initial-Pass-1', { userWorkstations: 'KIOSK01' });
    expect(await samba.bindError(kiosk.dn, 'Initial-Pass-1')).toBe(SAMBA.bind('531'));
    expect((await refusalOf(directory.changePassword(kiosk, 'Initial-Pass-1', 'Second-Pass-2'))).message).toMatch(
      /workstation restriction/,
    );
  });

  it('answers NO_SUCH_ENTRY for an entry that is gone', async () => {
    const gone = { username: 'gone', dn: samba.userDn('Nobody Here') };
    const refusal = await refusalOf(directory.setPassword(gone, 'Reset-Pass-2', { temporary: false, unlock: false }));
    expectRule(refusal, DIRECTORY_RULES.NO_SUCH_ENTRY, `00002030: No such Base DN: ${gone.dn}`);
    expectRule(await refusalOf(directory.unlock(gone)), DIRECTORY_RULES.NO_SUCH_ENTRY);
  });

  it('answers INSUFFICIENT_RIGHTS when the service account lacks Reset Password and the pwdLastSet/lockoutTime writes', async () => {
    const account = await holder('Initial-Pass-1');
    const unprivileged = adFor(samba.env({ DIRECTORY_BIND_DN: samba.unprivilegedDn, DIRECTORY_BIND_PASSWORD: samba.unprivilegedPassword }));
    const refusal = await refusalOf(unprivileged.setPassword(account, 'Reset-Pass-2', { temporary: true, unlock: false }));
    expectRule(refusal, DIRECTORY_RULES.INSUFFICIENT_RIGHTS, SAMBA.noResetRight);
    expect(refusal.message).toMatch(/Reset Password right and write access to pwdLastSet and lockoutTime/);
    expectRule(
      await refusalOf(unprivileged.unlock(account)),
      DIRECTORY_RULES.INSUFFICIENT_RIGHTS,
      `00002098: Object ${account.dn} has no write property access`,
    );
    expect(await samba.canBind(account.dn, 'Initial-Pass-1')).toBe(true);

    // A change (delete old, add new) needs no delegation: AD grants Change Password to everyone and checks the old value.
    await directory.setPassword(account, 'Temporary-Pass-3', { temporary: true, unlock: false });
    await unprivileged.changePassword(account, 'Temporary-Pass-3', 'Chosen-Pass-4');
    expect(await samba.canBind(account.dn, 'Chosen-Pass-4')).toBe(true);
  });

  it('refuses plain ldap:// for AD in the configuration, and Samba itself refuses passwords without TLS', async () => {
    expect(() => parseConfig({ NODE_ENV: 'test', ...samba.env({ DIRECTORY_URL: samba.plainUrl }) })).toThrow(ConfigError);
    expect(() => parseConfig({ NODE_ENV: 'test', ...samba.env({ DIRECTORY_URL: samba.plainUrl }) })).toThrow(
      /DIRECTORY_URL must be ldaps:\/\/ .*Active Directory only accepts passwords over TLS/,
    );

    const account = await holder('Initial-Pass-1');
    const plain = new Client({ url: samba.plainUrl, timeout: 5_000 });
    try {
      const bind = await plain.bind(samba.bindDn, samba.bindPassword).catch((caught: unknown) => caught);
      expect(bind).toBeInstanceOf(StrongAuthRequiredError);
      expect((bind as Error).message).toBe('BindSimple: Transport encryption required. Code: 0x8');
      const write = await plain
        .modify(
          account.dn,
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd('Plain-Pass-2')] }),
          }),
        )
        .catch((caught: unknown) => caught);
      expect((write as Error).message).toBe('00002020: Operation unavailable without authentication Code: 0x1');
    } finally {
      await plain.unbind().catch(() => undefined);
    }
    expect(await samba.canBind(account.dn, 'Initial-Pass-1')).toBe(true);
  });

  it('works over STARTTLS on the plain port, the certificate checked against the IP address in the URL', async () => {
    const account = await holder('Initial-Pass-1');
    const overStartTls = adFor(samba.env({ DIRECTORY_URL: samba.plainUrl, DIRECTORY_STARTTLS: 'true' }));
    await overStartTls.setPassword(account, 'StartTls-Pass-2', { temporary: true, unlock: false });
    await overStartTls.changePassword(account, 'StartTls-Pass-2', 'StartTls-Pass-3');
    expect(await samba.canBind(account.dn, 'StartTls-Pass-3')).toBe(true);
    expect((await overStartTls.check()).map(({ name, ok }) => `${name}:${ok}`)).toEqual([
      'connect:true',
      'tls:true',
      'bind:true',
      'base:true',
      'search:true',
    ]);
  });

  describe('check()', () => {
    it('reports connect, TLS, bind, base and search as good', async () => {
      await holder('Initial-Pass-1');
      const items = await directory.check();
      expect(items.map(({ name, ok }) => `${name}:${ok}`)).toEqual(['connect:true', 'tls:true', 'bind:true', 'base:true', 'search:true']);
    });

    it('names the first broken step without throwing', async () => {
      const firstFailure = async (env: Record<string, string>) => {
        const items = await adFor(samba.env(env)).check();
        const failed = items.find((item) => !item.ok);
        expect(items.indexOf(failed!)).toBe(items.length - 1);
        return failed!;
      };
      expect(await firstFailure({ DIRECTORY_URL: `ldaps://127.0.0.1:${await freePort()}` })).toMatchObject({
        name: 'connect',
        message: expect.stringMatching(/ECONNREFUSED/),
      });
      // Public CAs only: none of them signed the instance's certificate.
      const publicCas = join(samba.dir, 'public-cas.pem');
      await writeFile(publicCas, rootCertificates.join('\n'));
      expect(await firstFailure({ DIRECTORY_CA_FILE: publicCas })).toMatchObject({
        name: 'tls',
        message: expect.stringMatching(/certificate/i),
      });
      const bind = await firstFailure({ DIRECTORY_BIND_PASSWORD: 'Not-The-Service-Secret' });
      expect(bind).toMatchObject({ name: 'bind', message: expect.stringContaining('data 52e') });
      // The service account's refusal, not a holder's wrong current password.
      expect(bind.message).toMatch(
        /^the directory refused the service account .* \(wrong DN or password; 80090308: .*data 52e.*\): check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD$/,
      );
      expect(bind.message).not.toContain('WRONG_CURRENT_PASSWORD');
      expect(bind.message).not.toContain('Not-The-Service-Secret');
      expect(await firstFailure({ DIRECTORY_BASE_DN: `OU=Nowhere,${samba.domainDn}` })).toMatchObject({ name: 'base' });
      expect(await firstFailure({ DIRECTORY_USER_FILTER: '(sAMAccountName=no-such-person)' })).toMatchObject({
        name: 'search',
        message: expect.stringMatching(/finds no account/),
      });
    });
  });

  it('names no DN, URL, service account or setting in the message of any refusal or outage, only in its detail', async () => {
    const leaks = [
      samba.domainDn,
      'DC=',
      'CN=',
      'OU=',
      samba.env().DIRECTORY_BIND_DN,
      samba.env().DIRECTORY_URL,
      '127.0.0.1',
      'ldap',
      'DIRECTORY_',
      '0000',
    ];
    const expectSafe = (error: unknown) => {
      expect(error instanceof DirectoryRefusal || error instanceof DirectoryUnavailable).toBe(true);
      const { message, detail } = error as DirectoryRefusal | DirectoryUnavailable;
      for (const leak of leaks) expect({ message, leak }).toEqual({ message: expect.not.stringContaining(leak), leak });
      expect(detail.length).toBeGreaterThan(message.length);
    };
    const caught = (work: Promise<unknown>) =>
      work.then(
        () => undefined,
        (error: unknown) => error,
      );
    const unprivileged = adFor(samba.env({ DIRECTORY_BIND_DN: samba.unprivilegedDn, DIRECTORY_BIND_PASSWORD: samba.unprivilegedPassword }));
    const gone = { username: 'gone', dn: samba.userDn('Nobody Here Either') };
    const disabled = await holder('Initial-Pass-1', { userAccountControl: '514' });
    const errors = [
      await caught(directory.setPassword(await holder('Initial-Pass-1'), 'Sh0rt!', { temporary: false, unlock: false })),
      await caught(directory.changePassword(await holder('Initial-Pass-1'), 'Not-The-Pass-9', 'Second-Pass-2')),
      await caught(directory.changePassword(disabled, 'Initial-Pass-1', 'Second-Pass-2')),
      await caught(directory.setPassword(gone, 'Reset-Pass-2', { temporary: false, unlock: false })),
      await caught(unprivileged.setPassword(await holder('Initial-Pass-1'), 'Reset-Pass-2', { temporary: false, unlock: false })),
      await caught(unprivileged.unlock(await holder('Initial-Pass-1'))),
      await caught(adFor(samba.env({ DIRECTORY_BIND_PASSWORD: 'Not-The-Service-Secret' })).unlock(disabled)),
    ];
    const detailOfRights = (errors[5] as DirectoryRefusal).detail;
    expect(detailOfRights).toMatch(
      /^ResetDesk's service account may not do this.* \(service write on CN=.*: 00002098: Object CN=.* has no write property access\)$/,
    );
    for (const error of errors) expectSafe(error);
  });

  it('answers DirectoryOutcomeUnknown when the directory hangs once the unicodePwd modify is sent (reset and change), a plain outage when it hangs at the bind', async () => {
    const hangingAtWrite = new AdPasswordDirectory(
      new HangingAt(parseConfig({ NODE_ENV: 'test', ...samba.env({ DIRECTORY_TIMEOUT_MS: '1000' }) }).directory, 'modify', () =>
        samba.freeze(),
      ),
    );
    const account = await holder('Initial-Pass-1');
    try {
      const reset = await hangingAtWrite
        .setPassword(account, 'Reset-Pass-2', { temporary: false, unlock: false })
        .catch((error: unknown) => error);
      expect(reset).toBeInstanceOf(DirectoryOutcomeUnknown);
      expect((reset as DirectoryOutcomeUnknown).detail).toContain(`The password write for ${account.dn} was sent`);
    } finally {
      samba.thaw();
    }
    const other = await holder('Initial-Pass-1');
    try {
      await expect(hangingAtWrite.changePassword(other, 'Initial-Pass-1', 'Second-Pass-2')).rejects.toBeInstanceOf(DirectoryOutcomeUnknown);
    } finally {
      samba.thaw();
    }
    const third = await holder('Initial-Pass-1');
    const hangingFromStart = adFor(samba.env({ DIRECTORY_TIMEOUT_MS: '1000' }));
    samba.freeze();
    try {
      const outage = await hangingFromStart
        .setPassword(third, 'Reset-Pass-2', { temporary: false, unlock: false })
        .catch((error: unknown) => error);
      expect(outage).toBeInstanceOf(DirectoryUnavailable);
      expect(outage).not.toBeInstanceOf(DirectoryOutcomeUnknown);
    } finally {
      samba.thaw();
    }
    expect(await samba.canBind(third.dn, 'Initial-Pass-1')).toBe(true);
  });

  it('answers DirectoryUnavailable while the directory is down, changes nothing, and works again once it is back', async () => {
    const account = await holder('Initial-Pass-1');
    await samba.crash();
    try {
      await expect(directory.setPassword(account, 'Reset-Pass-2', { temporary: false, unlock: true })).rejects.toBeInstanceOf(
        DirectoryUnavailable,
      );
      await expect(directory.changePassword(account, 'Initial-Pass-1', 'Second-Pass-2')).rejects.toBeInstanceOf(DirectoryUnavailable);
      await expect(directory.unlock(account)).rejects.toBeInstanceOf(DirectoryUnavailable);
      const items = await directory.check();
      expect(items).toEqual([expect.objectContaining({ name: 'connect', ok: false })]);
    } finally {
      await samba.resume();
    }
    expect(await samba.canBind(account.dn, 'Initial-Pass-1')).toBe(true);
    await directory.setPassword(account, 'Reset-Pass-2', { temporary: false, unlock: false });
    expect(await samba.canBind(account.dn, 'Reset-Pass-2')).toBe(true);
  });
});
