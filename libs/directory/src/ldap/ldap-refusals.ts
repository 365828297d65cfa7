import { PasswordPolicyError, PasswordPolicyValue, ResultCodeError } from 'ldapts';
import { DIRECTORY_RULES, DirectoryRefusal, DirectoryRule } from '../directory.errors';

/** The effective ppolicy numbers behind a refusal, when the directory lets us read them; sentences quote them. */
export interface PolicyFacts {
  inHistory?: number;
  minLength?: number;
  /** Seconds. */
  minAge?: number;
  changedAt?: Date;
}

export interface RefusalContext {
  /** `service`: ResetDesk's account resets; `holder`: the holder changes their own password. */
  actor: 'service' | 'holder';
  serviceDn: string;
  entryDn: string;
  policy?: PolicyFacts;
  /** Values that must never reach a diagnostic (the passwords of the operation). */
  secrets: string[];
}

const PPOLICY_ERROR_NAMES = Object.fromEntries(Object.entries(PasswordPolicyError).map(([name, code]) => [code, name])) as Record<
  number,
  string
>;

const PPOLICY_RULES: Record<number, DirectoryRule> = {
  [PasswordPolicyError.PasswordExpired]: DIRECTORY_RULES.PASSWORD_EXPIRED,
  [PasswordPolicyError.AccountLocked]: DIRECTORY_RULES.ACCOUNT_LOCKED,
  [PasswordPolicyError.ChangeAfterReset]: DIRECTORY_RULES.MUST_CHANGE,
  [PasswordPolicyError.PasswordModNotAllowed]: DIRECTORY_RULES.CHANGE_NOT_ALLOWED,
  [PasswordPolicyError.MustSupplyOldPassword]: DIRECTORY_RULES.WRONG_CURRENT_PASSWORD,
  [PasswordPolicyError.InsufficientPasswordQuality]: DIRECTORY_RULES.QUALITY,
  [PasswordPolicyError.PasswordTooShort]: DIRECTORY_RULES.MIN_LENGTH,
  [PasswordPolicyError.PasswordTooYoung]: DIRECTORY_RULES.MIN_AGE,
  [PasswordPolicyError.PasswordInHistory]: DIRECTORY_RULES.HISTORY,
};

/**
 * slapd's ppolicy texts (servers/slapd/overlays/ppolicy.c), for servers or
 * proxies that drop the response control. "fails quality checking" covers
 * both too short and too weak: only the control tells them apart.
 */
const TEXT_RULES: Array<[RegExp, DirectoryRule]> = [
  [/in history of old passwords|not being changed from existing value/i, DIRECTORY_RULES.HISTORY],
  [/too young to change/i, DIRECTORY_RULES.MIN_AGE],
  [/too short/i, DIRECTORY_RULES.MIN_LENGTH],
  [/quality/i, DIRECTORY_RULES.QUALITY],
  [/user alteration of password is not allowed/i, DIRECTORY_RULES.CHANGE_NOT_ALLOWED],
  [/correct old password|verify old password|must supply old password/i, DIRECTORY_RULES.WRONG_CURRENT_PASSWORD],
  [/operations are restricted to bind/i, DIRECTORY_RULES.MUST_CHANGE],
];

/** The server's own words: ldapts appends " Code: 0x13" to the diagnostic message. */
export function serverText(error: ResultCodeError): string {
  return error.message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
}

/** The rule a directory answer means; undefined when it is not a refusal we can name. */
export function ruleOf(error: ResultCodeError, ppolicy: PasswordPolicyValue | undefined, actor: RefusalContext['actor']): DirectoryRule {
  if (ppolicy?.error !== undefined && PPOLICY_RULES[ppolicy.error]) return PPOLICY_RULES[ppolicy.error];
  const text = serverText(error);
  const byText = TEXT_RULES.find(([pattern]) => pattern.test(text));
  if (byText) return byText[1];
  switch (error.code) {
    case 32: // noSuchObject
      return DIRECTORY_RULES.NO_SUCH_ENTRY;
    case 49: // invalidCredentials: only the holder binds with a password the caller gave
      return actor === 'holder' ? DIRECTORY_RULES.WRONG_CURRENT_PASSWORD : DIRECTORY_RULES.REFUSED;
    case 50: // insufficientAccess
      return actor === 'service' ? DIRECTORY_RULES.INSUFFICIENT_RIGHTS : DIRECTORY_RULES.CHANGE_NOT_ALLOWED;
    default:
      return DIRECTORY_RULES.REFUSED;
  }
}

/** A directory refusal in words a holder (or, for rights, an administrator) can act on. */
export function ldapRefusal(error: ResultCodeError, ppolicy: PasswordPolicyValue | undefined, context: RefusalContext): DirectoryRefusal {
  const rule = ruleOf(error, ppolicy, context.actor);
  const diagnostic = diagnosticOf(error, ppolicy, context.secrets);
  return new DirectoryRefusal(
    rule,
    sentence(rule, error, context),
    diagnostic,
    `${operatorSentence(rule, error, context)} (${diagnostic})`,
  );
}

/** "constraintViolation (19): Password is in history of old passwords; ppolicy PasswordInHistory (8)", never a password. */
export function diagnosticOf(error: ResultCodeError, ppolicy: PasswordPolicyValue | undefined, secrets: string[]): string {
  const name = error.name.replace(/Error$/, '');
  const text = scrubbed(serverText(error), secrets);
  let diagnostic = `${name.charAt(0).toLowerCase()}${name.slice(1)} (${error.code})${text ? `: ${text}` : ''}`;
  if (ppolicy?.error !== undefined) diagnostic += `; ppolicy ${PPOLICY_ERROR_NAMES[ppolicy.error] ?? 'error'} (${ppolicy.error})`;
  return diagnostic;
}

/** A quality-check module may quote the password it refused. */
function scrubbed(text: string, secrets: string[]): string {
  return secrets.filter(Boolean).reduce((result, secret) => result.split(secret).join('[password]'), text);
}

function sentence(rule: DirectoryRule, error: ResultCodeError, context: RefusalContext): string {
  const { policy = {} } = context;
  const text = scrubbed(serverText(error), context.secrets);
  const refused = 'The directory refused the password';
  switch (rule) {
    case DIRECTORY_RULES.HISTORY:
      if (/not being changed from existing value/i.test(text)) return `${refused}: it is the account's current password; choose a new one`;
      return policy.inHistory
        ? `${refused}: it is one of the last ${policy.inHistory} passwords of this account; choose one not used before`
        : `${refused}: it was used recently on this account; choose one not used before`;
    case DIRECTORY_RULES.MIN_LENGTH:
      return policy.minLength
        ? `${refused}: it must be at least ${policy.minLength} characters long`
        : `${refused}: it is shorter than the directory allows`;
    case DIRECTORY_RULES.QUALITY:
      // slapd's own text is generic; a quality module's (pwdCheckModule) usually says what is missing.
      return /^Password fails quality checking policy$/i.test(text) || !text
        ? `${refused}: it does not pass the directory's password quality check; choose a longer or less common password`
        : `${refused}: ${text}`;
    case DIRECTORY_RULES.MIN_AGE: {
      const allowedAt = policy.changedAt && policy.minAge ? new Date(policy.changedAt.getTime() + policy.minAge * 1000) : undefined;
      const when = allowedAt
        ? `it can be changed again after ${allowedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
        : 'try again later';
      return `The directory refused the change: the password was changed too recently; ${when}`;
    }
    case DIRECTORY_RULES.WRONG_CURRENT_PASSWORD:
      return 'The current password is not correct';
    case DIRECTORY_RULES.ACCOUNT_LOCKED:
      return 'The account is locked in the directory after too many wrong passwords; ask the helpdesk to unlock it';
    case DIRECTORY_RULES.PASSWORD_EXPIRED:
      return 'The current password has expired in the directory and can no longer be used to change it; ask the helpdesk for a reset';
    case DIRECTORY_RULES.MUST_CHANGE:
      return 'The directory requires this password to be changed before anything else';
    case DIRECTORY_RULES.CHANGE_NOT_ALLOWED:
      return 'The directory does not let this account change its own password; ask the helpdesk for a reset';
    case DIRECTORY_RULES.NO_SUCH_ENTRY:
      return "The account's entry is not in the directory (or ResetDesk may not read it); ask an administrator to run a directory sync";
    case DIRECTORY_RULES.INSUFFICIENT_RIGHTS:
      return "The directory does not let ResetDesk change this account's password; ask an administrator to grant ResetDesk's service account the rights (the audit log says which)";
    case DIRECTORY_RULES.ACCOUNT_DISABLED:
    case DIRECTORY_RULES.REFUSED:
    default:
      // The server's text may name entries: it goes to the detail only.
      return `The directory refused the operation (result code ${error.code}); try again, or ask an administrator`;
  }
}

/**
 * What an operator needs beyond the holder's sentence (audit, logs): the
 * entry, the service account, the ACL to grant. Never shown to holders.
 */
function operatorSentence(rule: DirectoryRule, error: ResultCodeError, context: RefusalContext): string {
  const text = scrubbed(serverText(error), context.secrets);
  switch (rule) {
    case DIRECTORY_RULES.MIN_AGE:
      // Only a service account with `write` (not `manage`) on userPassword meets the minimum age on a reset.
      return context.actor === 'service'
        ? `${sentence(rule, error, context)} on ${context.entryDn} (ppolicy applies pwdMinAge to resets because ${context.serviceDn} has write, not manage, on userPassword)`
        : `${sentence(rule, error, context)} on ${context.entryDn}`;
    case DIRECTORY_RULES.NO_SUCH_ENTRY:
      return `The account's entry ${context.entryDn} is not in the directory (or ${context.serviceDn} may not read it); run a directory sync`;
    case DIRECTORY_RULES.INSUFFICIENT_RIGHTS:
      return (
        `The directory does not let ResetDesk's service account (${context.serviceDn}) change ${context.entryDn}: ` +
        `a directory administrator must grant it write (or manage) on userPassword, pwdReset and pwdAccountLockedTime, e.g. ` +
        `access to attrs=userPassword,pwdReset,pwdAccountLockedTime by dn.exact="${context.serviceDn}" write`
      );
    case DIRECTORY_RULES.REFUSED:
      return `The directory refused the operation on ${context.entryDn} (${text || `result code ${error.code}`})`;
    // The holder's sentence says it all; the operator also needs the entry and who changed it.
    case DIRECTORY_RULES.HISTORY:
    case DIRECTORY_RULES.MIN_LENGTH:
    case DIRECTORY_RULES.QUALITY:
    case DIRECTORY_RULES.WRONG_CURRENT_PASSWORD:
    case DIRECTORY_RULES.CHANGE_NOT_ALLOWED:
    case DIRECTORY_RULES.ACCOUNT_LOCKED:
    case DIRECTORY_RULES.ACCOUNT_DISABLED:
    case DIRECTORY_RULES.PASSWORD_EXPIRED:
    case DIRECTORY_RULES.MUST_CHANGE:
    default:
      return `${sentence(rule, error, context)} (${context.actor === 'service' ? `reset by ${context.serviceDn}` : "the holder's own change"} of ${context.entryDn})`;
  }
}
