import { ResultCodeError } from 'ldapts';
import { DIRECTORY_RULES, DirectoryRefusal, DirectoryRule, DirectoryUnavailable } from '../directory.errors';

/** `"password"` in UTF-16LE: the only form AD accepts in unicodePwd (MS-ADTS 3.1.1.3.1.5.1). */
export function encodeUnicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/** The sub-code of an AD bind refusal: "…AcceptSecurityContext error, data 773, v1db1" → "773". */
export function adBindSubCode(diagnostic: string): string | undefined {
  return /\bdata ([0-9a-f]{3,8})\b/i.exec(diagnostic)?.[1]?.toLowerCase();
}

/** The server's own words without ldapts' " Code: 0x13" suffix and without any of `secrets` (AD never echoes them, but a proxy might). */
export function adDiagnostic(error: ResultCodeError, secrets: readonly string[] = []): string {
  let text = error.message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
  for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]');
  return text;
}

interface Refusal {
  rule: DirectoryRule;
  message: string;
}

const SENTENCE = {
  minLength: (length?: string) =>
    `The password is too short: the domain requires at least ${length ? `${length} characters` : 'more characters'}. Choose a longer one.`,
  complexity:
    "The password does not meet the domain's complexity rules: use at least three of capital letters, small letters, digits and symbols, and do not include your account name or full name.",
  history: 'The domain remembers this password as one of your recent ones: choose a password you have not used before.',
  minAge:
    'The password was changed too recently: the domain allows the next change only after its minimum password age. Try again later, or ask the helpdesk for a reset.',
  // Windows says 0000052D without naming the rule.
  policy:
    "The domain refused the new password: it does not meet the domain's password policy (minimum length, complexity, not one of your recent passwords, minimum age). Choose another one.",
  wrongCurrent: 'The current password is not the one the directory has. Type it again, or ask the helpdesk for a reset.',
  mustChange: 'The password must be changed before it can be used: change it with the current (temporary) password.',
  locked: 'The account is locked after too many wrong passwords. Wait until the lockout ends, or ask the helpdesk to unlock it.',
  expired: 'The password has expired: change it with the current password, or ask the helpdesk for a reset.',
  disabled: 'The account is disabled in the directory. Ask your administrator to enable it.',
  accountExpired: 'The account has expired in the directory. Ask your administrator to extend it.',
  logonHours:
    'The directory does not let this account sign in at this time of day (logon hours). Try again within its hours, or ask your administrator.',
  workstation: 'The directory lets this account sign in only from certain computers (workstation restriction). Ask your administrator.',
  noSuchEntry:
    'The account is no longer where ResetDesk last saw it in the directory (moved or removed). Ask an administrator to run a directory sync.',
  changeNotAllowed:
    'The directory does not let this account change its own password ("User cannot change password"). Ask the helpdesk for a reset.',
  rights:
    "ResetDesk's service account may not do this in the directory: an administrator must delegate to it the Reset Password right and write access to pwdLastSet and lockoutTime on the users' OU.",
  // The server's own text may name entries: it is in the detail and the diagnostic, not here.
  refused: "The directory refused the change. Ask an administrator (the directory's answer is in the audit log).",
};

/** Holders and agents read this when the connection is not encrypted enough for AD; the detail names the setting. */
const NOT_ENCRYPTED =
  'ResetDesk cannot change passwords in the directory right now (the connection is not encrypted as the directory requires); tell an administrator';

/** 0000052D (constraint violation on the password) from Samba's detailed text or Windows' bare code. */
function passwordConstraint(diagnostic: string): Refusal {
  const samba = /check_password_restrictions: (.*)$/im.exec(diagnostic)?.[1] ?? '';
  if (/too short/i.test(samba))
    return { rule: DIRECTORY_RULES.MIN_LENGTH, message: SENTENCE.minLength(/longer than (\d+)/i.exec(samba)?.[1]) };
  if (/complexity/i.test(samba)) return { rule: DIRECTORY_RULES.QUALITY, message: SENTENCE.complexity };
  if (/history/i.test(samba)) return { rule: DIRECTORY_RULES.HISTORY, message: SENTENCE.history };
  if (/too young/i.test(samba)) return { rule: DIRECTORY_RULES.MIN_AGE, message: SENTENCE.minAge };
  return { rule: DIRECTORY_RULES.QUALITY, message: SENTENCE.policy };
}

/** AcceptSecurityContext sub-codes of a refused bind (MS-ADTS / Win32 error codes in hex). */
function bindRefusal(subCode: string | undefined): Refusal {
  switch (subCode) {
    case '773': // ERROR_PASSWORD_MUST_CHANGE
      return { rule: DIRECTORY_RULES.MUST_CHANGE, message: SENTENCE.mustChange };
    case '775': // ERROR_ACCOUNT_LOCKED_OUT
      return { rule: DIRECTORY_RULES.ACCOUNT_LOCKED, message: SENTENCE.locked };
    case '532': // ERROR_PASSWORD_EXPIRED
      return { rule: DIRECTORY_RULES.PASSWORD_EXPIRED, message: SENTENCE.expired };
    case '533': // ERROR_ACCOUNT_DISABLED
      return { rule: DIRECTORY_RULES.ACCOUNT_DISABLED, message: SENTENCE.disabled };
    case '701': // ERROR_ACCOUNT_EXPIRED
      return { rule: DIRECTORY_RULES.ACCOUNT_DISABLED, message: SENTENCE.accountExpired };
    case '525': // ERROR_NO_SUCH_USER
      return { rule: DIRECTORY_RULES.NO_SUCH_ENTRY, message: SENTENCE.noSuchEntry };
    case '530': // ERROR_INVALID_LOGON_HOURS
      return { rule: DIRECTORY_RULES.REFUSED, message: SENTENCE.logonHours };
    case '531': // ERROR_INVALID_WORKSTATION
      return { rule: DIRECTORY_RULES.REFUSED, message: SENTENCE.workstation };
    case '52e': // ERROR_LOGON_FAILURE
    case undefined: // a server that gives no sub-code: a refused bind is most likely the password
      return { rule: DIRECTORY_RULES.WRONG_CURRENT_PASSWORD, message: SENTENCE.wrongCurrent };
    default:
      return { rule: DIRECTORY_RULES.REFUSED, message: `The directory refused the sign-in (data ${subCode}). Ask an administrator.` };
  }
}

/**
 * Why AD refused ResetDesk's own service account, for operators: the same
 * sub-codes as a holder's bind, but about DIRECTORY_BIND_DN and
 * DIRECTORY_BIND_PASSWORD, never "the holder's current password".
 */
export function serviceBindReason(error: ResultCodeError, secrets: readonly string[] = []): string {
  const diagnostic = adDiagnostic(error, secrets);
  if (error.code !== 49) return diagnostic || `${error.name} (result ${error.code})`;
  const subCode = adBindSubCode(diagnostic);
  const meaning: Record<string, string> = {
    '52e': 'wrong DN or password',
    '525': 'no such account',
    '775': 'the service account is locked out',
    '533': 'the service account is disabled',
    '701': 'the service account has expired',
    '532': "the service account's password has expired",
    '773': "the service account's password must be changed",
    '530': 'outside the logon hours of the service account',
    '531': 'the service account may not sign in from this host',
  };
  const why = (subCode && meaning[subCode]) || 'invalid credentials';
  return `${why}; ${diagnostic}`;
}

/** A reset or unlock by the service account, or the holder's own change (delete old, add new). */
export type AdOperation = 'write' | 'change';

/**
 * Turns what AD (Windows or Samba) answered into a `DirectoryRefusal` with a
 * rule and a sentence the holder or agent can act on, or a
 * `DirectoryUnavailable` for what only an administrator can fix in the
 * connection itself. Anything that is not an LDAP result passes through.
 */
export function translateAdError(
  error: unknown,
  secrets: readonly string[] = [],
  operation: AdOperation = 'write',
  entryDn?: string,
): unknown {
  if (!(error instanceof ResultCodeError)) return error;
  const diagnostic = adDiagnostic(error, secrets);
  // The message is for holders and agents; the entry and the server's text (which may name entries) go to the detail.
  const detailOf = (message: string) =>
    `${message} (${entryDn ? `${operation === 'change' ? "the holder's change" : 'service write'} on ${entryDn}: ` : ''}${diagnostic || `${error.name} (result ${error.code})`})`;
  const refusal = (found: Refusal) => new DirectoryRefusal(found.rule, found.message, diagnostic, detailOf(found.message));
  const code = diagnostic.slice(0, 8).toUpperCase();

  if (code === '0000052D') return refusal(passwordConstraint(diagnostic));
  // Samba: "00000056: Constraint violation - check_password_restrictions: The old password specified doesn't match!"
  if (code === '00000056') return refusal({ rule: DIRECTORY_RULES.WRONG_CURRENT_PASSWORD, message: SENTENCE.wrongCurrent });
  // Samba on a change for a locked account: "00000775: Password change not permitted, account locked out!"
  if (code === '00000775') return refusal({ rule: DIRECTORY_RULES.ACCOUNT_LOCKED, message: SENTENCE.locked });

  switch (error.code) {
    case 49: // invalidCredentials
      return refusal(bindRefusal(adBindSubCode(diagnostic)));
    case 50: // insufficientAccessRights
      // A change needs only the Change Password right, which AD grants everyone unless "User cannot change password" denies it.
      if (operation === 'change') return refusal({ rule: DIRECTORY_RULES.CHANGE_NOT_ALLOWED, message: SENTENCE.changeNotAllowed });
      return refusal({ rule: DIRECTORY_RULES.INSUFFICIENT_RIGHTS, message: SENTENCE.rights });
    case 32: // noSuchObject
      return refusal({ rule: DIRECTORY_RULES.NO_SUCH_ENTRY, message: SENTENCE.noSuchEntry });
    case 8: // strongAuthRequired: "BindSimple: Transport encryption required."
    case 13: // confidentialityRequired
      return new DirectoryUnavailable(
        NOT_ENCRYPTED,
        error,
        `The directory requires an encrypted connection (${diagnostic}); an administrator must set DIRECTORY_URL to ldaps:// or DIRECTORY_STARTTLS=true`,
      );
    case 53: // unwillingToPerform
      // Windows over an unencrypted connection: "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0".
      if (code === '0000001F')
        return new DirectoryUnavailable(
          NOT_ENCRYPTED,
          error,
          `The directory accepts passwords only over an encrypted connection (${diagnostic}); an administrator must use ldaps://`,
        );
      return refusal({ rule: DIRECTORY_RULES.REFUSED, message: SENTENCE.refused });
    default:
      return refusal({ rule: DIRECTORY_RULES.REFUSED, message: SENTENCE.refused });
  }
}
