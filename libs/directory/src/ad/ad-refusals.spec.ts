import {
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  StrongAuthRequiredError,
  UnavailableCriticalExtensionError,
  UnwillingToPerformError,
} from 'ldapts';
import { DIRECTORY_RULES, DirectoryRefusal, DirectoryUnavailable } from '../directory.errors';
import { adBindSubCode, encodeUnicodePwd, translateAdError } from './ad-refusals';

/** Diagnostics as Samba 4.17 and Windows Server return them (ldapts appends " Code: 0x.."). */
const SAMBA = {
  tooShort:
    '0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 8 characters!',
  complexity: '0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!',
  history: '0000052D: Constraint violation - check_password_restrictions: the password was already used (in history)!',
  tooYoung: '0000052D: Constraint violation - check_password_restrictions: password is too young to change!',
  wrongOld: "00000056: Constraint violation - check_password_restrictions: The old password specified doesn't match!",
  lockedChange:
    '00000775: Password change not permitted, account locked out! at ../../source4/dsdb/samdb/ldb_modules/password_hash.c:3929:setup_io',
  noResetRight: 'error in module acl: insufficient access rights during LDB_MODIFY (50)',
  noWriteProperty: '00002098: Object CN=Ann,OU=Staff,DC=resetdesk,DC=test has no write property access\n',
  noSuchObject: '00002030: No such Base DN: CN=nobody,OU=Staff,DC=resetdesk,DC=test',
  bind: (data: string) => `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data ${data}, v1db1`,
  plainBind: 'BindSimple: Transport encryption required.',
};
const WINDOWS = {
  resetPolicy: '0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0',
  changePolicy:
    '0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n',
  wrongOld:
    '00000056: AtrErr: DSID-03190F80, #1:\n\t0: 00000056: DSID-03190F80, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n',
  insufficientRights: '00000005: SecErr: DSID-03152870, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0',
  noObject: "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'OU=Staff,DC=example,DC=org'\n",
  unencrypted: '0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0',
  bind: (data: string) => `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`,
};

function refusal(error: unknown): DirectoryRefusal {
  const translated = translateAdError(error);
  expect(translated).toBeInstanceOf(DirectoryRefusal);
  return translated as DirectoryRefusal;
}

describe('AD refusals', () => {
  it('quotes the password and encodes it as UTF-16LE', () => {
    expect(encodeUnicodePwd('Pa1!')).toEqual(Buffer.from([0x22, 0, 0x50, 0, 0x61, 0, 0x31, 0, 0x21, 0, 0x22, 0]));
    expect(encodeUnicodePwd('Grüße-Ω').toString('utf16le')).toBe('"Grüße-Ω"');
    // Astral characters become surrogate pairs, as Windows expects.
    expect(encodeUnicodePwd('🔑')).toEqual(Buffer.from([0x22, 0, 0x3d, 0xd8, 0x11, 0xdd, 0x22, 0]));
  });

  it.each([
    ['Samba too short', new ConstraintViolationError(SAMBA.tooShort), DIRECTORY_RULES.MIN_LENGTH, /at least 8 characters/],
    ['Samba complexity', new ConstraintViolationError(SAMBA.complexity), DIRECTORY_RULES.QUALITY, /complexity/],
    ['Samba history', new ConstraintViolationError(SAMBA.history), DIRECTORY_RULES.HISTORY, /not used before/],
    ['Samba minimum age', new ConstraintViolationError(SAMBA.tooYoung), DIRECTORY_RULES.MIN_AGE, /too recently/],
    ['Windows reset policy', new UnwillingToPerformError(WINDOWS.resetPolicy), DIRECTORY_RULES.QUALITY, /password policy/],
    ['Windows change policy', new ConstraintViolationError(WINDOWS.changePolicy), DIRECTORY_RULES.QUALITY, /password policy/],
    ['Samba wrong old password', new ConstraintViolationError(SAMBA.wrongOld), DIRECTORY_RULES.WRONG_CURRENT_PASSWORD, /current password/],
    [
      'Windows wrong old password',
      new ConstraintViolationError(WINDOWS.wrongOld),
      DIRECTORY_RULES.WRONG_CURRENT_PASSWORD,
      /current password/,
    ],
    ['Samba change while locked', new ConstraintViolationError(SAMBA.lockedChange), DIRECTORY_RULES.ACCOUNT_LOCKED, /locked/],
    [
      'Samba without Reset Password',
      new InsufficientAccessError(SAMBA.noResetRight),
      DIRECTORY_RULES.INSUFFICIENT_RIGHTS,
      /Reset Password right/,
    ],
    [
      'Samba without write on pwdLastSet',
      new InsufficientAccessError(SAMBA.noWriteProperty),
      DIRECTORY_RULES.INSUFFICIENT_RIGHTS,
      /pwdLastSet/,
    ],
    [
      'Windows insufficient rights',
      new InsufficientAccessError(WINDOWS.insufficientRights),
      DIRECTORY_RULES.INSUFFICIENT_RIGHTS,
      /delegate/,
    ],
    ['Samba no such object', new NoSuchObjectError(SAMBA.noSuchObject), DIRECTORY_RULES.NO_SUCH_ENTRY, /directory sync/],
    ['Windows no such object', new NoSuchObjectError(WINDOWS.noObject), DIRECTORY_RULES.NO_SUCH_ENTRY, /directory sync/],
    ['bind 52e', new InvalidCredentialsError(SAMBA.bind('52e')), DIRECTORY_RULES.WRONG_CURRENT_PASSWORD, /current password/],
    ['bind 773', new InvalidCredentialsError(SAMBA.bind('773')), DIRECTORY_RULES.MUST_CHANGE, /must be changed/],
    ['bind 775', new InvalidCredentialsError(SAMBA.bind('775')), DIRECTORY_RULES.ACCOUNT_LOCKED, /unlock/],
    ['bind 532 (Windows)', new InvalidCredentialsError(WINDOWS.bind('532')), DIRECTORY_RULES.PASSWORD_EXPIRED, /expired/],
    ['bind 533', new InvalidCredentialsError(SAMBA.bind('533')), DIRECTORY_RULES.ACCOUNT_DISABLED, /disabled/],
    ['bind 701', new InvalidCredentialsError(SAMBA.bind('701')), DIRECTORY_RULES.ACCOUNT_DISABLED, /account has expired/],
    ['bind 530 (Windows)', new InvalidCredentialsError(WINDOWS.bind('530')), DIRECTORY_RULES.REFUSED, /logon hours/],
    ['bind 531 (Windows)', new InvalidCredentialsError(WINDOWS.bind('531')), DIRECTORY_RULES.REFUSED, /workstation/],
    ['a bind sub-code nobody mapped', new InvalidCredentialsError(WINDOWS.bind('569')), DIRECTORY_RULES.REFUSED, /data 569/],
    [
      'a bind refusal without sub-code',
      new InvalidCredentialsError('Invalid credentials'),
      DIRECTORY_RULES.WRONG_CURRENT_PASSWORD,
      /current password/,
    ],
    [
      'an unknown critical control',
      new UnavailableCriticalExtensionError(''),
      DIRECTORY_RULES.REFUSED,
      /^The directory refused the change\. Ask an administrator/,
    ],
  ])('maps %s to its rule with a sentence to act on', (_, error, rule, sentence) => {
    const found = refusal(error);
    expect(found.rule).toBe(rule);
    expect(found.message).toMatch(sentence);
    expect(found.diagnostic).not.toMatch(/Code: 0x/);
    // The server's text, for operators.
    expect(found.detail).toContain(found.diagnostic || 'UnavailableCriticalExtensionError (result 12)');
  });

  it("keeps the entry and the server's own text out of the message, in the detail", () => {
    const dn = 'CN=Holder One,OU=Staff,DC=example,DC=org';
    const other = translateAdError(
      new ConstraintViolationError(`00002082: AtrErr: DSID-03151E6D, #1: 0: 00002082: ${dn}:0x90126 (unicodePwd)`),
      [],
      'write',
      dn,
    ) as DirectoryRefusal;
    expect(other.rule).toBe(DIRECTORY_RULES.REFUSED);
    expect(other.message).not.toContain('DC=example');
    expect(other.detail).toContain(`service write on ${dn}: 00002082`);
    const plain = translateAdError(
      new StrongAuthRequiredError('BindSimple: Transport encryption required.'),
      [],
      'write',
      dn,
    ) as DirectoryUnavailable;
    expect(plain).toBeInstanceOf(DirectoryUnavailable);
    expect(plain.message).not.toMatch(/DIRECTORY_URL|ldaps:|BindSimple/);
    expect(plain.detail).toMatch(/DIRECTORY_URL to ldaps:\/\//);
  });

  it('tells a holder whose own change AD denies that they may not change it, not that ResetDesk lacks rights', () => {
    const denied = translateAdError(new InsufficientAccessError(WINDOWS.insufficientRights), [], 'change') as DirectoryRefusal;
    expect(denied.rule).toBe(DIRECTORY_RULES.CHANGE_NOT_ALLOWED);
    expect(denied.message).toMatch(/User cannot change password/);
  });

  it('keeps the server diagnostic without the ldapts suffix', () => {
    expect(refusal(new ConstraintViolationError(SAMBA.history)).diagnostic).toBe(SAMBA.history);
  });

  it('never lets a password into a message or diagnostic', () => {
    const found = refusal(new UnwillingToPerformError('odd proxy said: bad value "Secret-Pass-1"'));
    expect(found.diagnostic).toBe('odd proxy said: bad value "Secret-Pass-1"');
    const redacted = translateAdError(new UnwillingToPerformError('odd proxy said: bad value "Secret-Pass-1"'), [
      'Secret-Pass-1',
    ]) as DirectoryRefusal;
    expect(`${redacted.message} ${redacted.diagnostic}`).not.toContain('Secret-Pass-1');
  });

  it('treats a connection that must be encrypted as an administrator problem, not a refusal of the password', () => {
    expect(translateAdError(new StrongAuthRequiredError(SAMBA.plainBind))).toBeInstanceOf(DirectoryUnavailable);
    expect(translateAdError(new UnwillingToPerformError(WINDOWS.unencrypted))).toBeInstanceOf(DirectoryUnavailable);
  });

  it('passes through what is not an LDAP result', () => {
    const outage = new DirectoryUnavailable('down');
    expect(translateAdError(outage)).toBe(outage);
  });

  it('reads the bind sub-code from Samba and Windows texts', () => {
    expect(adBindSubCode(SAMBA.bind('773'))).toBe('773');
    expect(adBindSubCode(WINDOWS.bind('52E'))).toBe('52e');
    expect(adBindSubCode('no data here')).toBeUndefined();
  });
});
