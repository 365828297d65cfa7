import {
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  PasswordPolicyError,
  UnwillingToPerformError,
} from 'ldapts';
import { DIRECTORY_RULES } from '../directory.errors';
import { diagnosticOf, ldapRefusal, RefusalContext, ruleOf } from './ldap-refusals';

const context: RefusalContext = {
  actor: 'holder',
  serviceDn: 'cn=resetdesk,ou=services,dc=example,dc=org',
  entryDn: 'uid=ann,ou=people,dc=example,dc=org',
  secrets: ['Secret-pass-1'],
};

// The errors as ldapts builds them from slapd's answers (it appends " Code: 0x.." to the diagnostic text itself).
const answer = <T extends Error>(ErrorClass: new (message?: string) => T, text: string, code: number) => {
  const error = new ErrorClass(text);
  expect((error as unknown as { code: number }).code).toBe(code);
  return error;
};

describe(ruleOf.name, () => {
  it('trusts the ppolicy control over the text, which says "quality" for too short and too weak alike', () => {
    const error = answer(ConstraintViolationError, 'Password fails quality checking policy', 19);
    expect(ruleOf(error, { error: PasswordPolicyError.PasswordTooShort }, 'holder')).toBe(DIRECTORY_RULES.MIN_LENGTH);
    expect(ruleOf(error, { error: PasswordPolicyError.InsufficientPasswordQuality }, 'holder')).toBe(DIRECTORY_RULES.QUALITY);
    expect(ruleOf(error, undefined, 'holder')).toBe(DIRECTORY_RULES.QUALITY);
  });

  it("reads slapd's texts when no control came back", () => {
    expect(ruleOf(answer(ConstraintViolationError, 'Password is in history of old passwords', 19), undefined, 'holder')).toBe(
      DIRECTORY_RULES.HISTORY,
    );
    expect(ruleOf(answer(ConstraintViolationError, 'Password is not being changed from existing value', 19), undefined, 'holder')).toBe(
      DIRECTORY_RULES.HISTORY,
    );
    expect(ruleOf(answer(ConstraintViolationError, 'Password is too young to change', 19), undefined, 'holder')).toBe(
      DIRECTORY_RULES.MIN_AGE,
    );
    expect(ruleOf(answer(InsufficientAccessError, 'User alteration of password is not allowed', 50), undefined, 'holder')).toBe(
      DIRECTORY_RULES.CHANGE_NOT_ALLOWED,
    );
    expect(ruleOf(answer(UnwillingToPerformError, 'unwilling to verify old password', 53), undefined, 'holder')).toBe(
      DIRECTORY_RULES.WRONG_CURRENT_PASSWORD,
    );
    expect(
      ruleOf(
        answer(InsufficientAccessError, 'Operations are restricted to bind/unbind/abandon/StartTLS/modify password', 50),
        undefined,
        'holder',
      ),
    ).toBe(DIRECTORY_RULES.MUST_CHANGE);
  });

  it('falls back on the result code, which means different things for the service account and the holder', () => {
    expect(ruleOf(answer(NoSuchObjectError, '', 32), undefined, 'service')).toBe(DIRECTORY_RULES.NO_SUCH_ENTRY);
    expect(ruleOf(answer(InsufficientAccessError, '', 50), undefined, 'service')).toBe(DIRECTORY_RULES.INSUFFICIENT_RIGHTS);
    expect(ruleOf(answer(InvalidCredentialsError, '', 49), undefined, 'holder')).toBe(DIRECTORY_RULES.WRONG_CURRENT_PASSWORD);
    expect(ruleOf(answer(InvalidCredentialsError, '', 49), { error: PasswordPolicyError.AccountLocked }, 'holder')).toBe(
      DIRECTORY_RULES.ACCOUNT_LOCKED,
    );
  });
});

describe(ldapRefusal.name, () => {
  it('never puts a password into the diagnostic, even when a quality module quotes it', () => {
    const refusal = ldapRefusal(answer(ConstraintViolationError, 'Secret-pass-1 is a dictionary word', 19), undefined, context);
    expect(refusal.diagnostic).toBe('constraintViolation (19): [password] is a dictionary word');
    expect(refusal.message).not.toContain('Secret-pass-1');
  });

  it("passes a quality module's own words on to the holder", () => {
    const refusal = ldapRefusal(
      answer(ConstraintViolationError, 'Password must contain at least 2 digits', 19),
      { error: PasswordPolicyError.InsufficientPasswordQuality },
      context,
    );
    expect(refusal.rule).toBe(DIRECTORY_RULES.QUALITY);
    expect(refusal.message).toBe('The directory refused the password: Password must contain at least 2 digits');
  });

  it('quotes the policy when it is known', () => {
    const refusal = ldapRefusal(
      answer(ConstraintViolationError, 'Password is too young to change', 19),
      { error: 7 },
      { ...context, policy: { minAge: 86_400, changedAt: new Date('2026-12-01T09:30:00Z') } },
    );
    expect(refusal.message).toBe(
      'The directory refused the change: the password was changed too recently; it can be changed again after 2026-12-02 09:30 UTC',
    );
  });
});

describe(diagnosticOf.name, () => {
  it("names the result and the ppolicy error beside the server's words", () => {
    expect(diagnosticOf(answer(ConstraintViolationError, 'Password is in history of old passwords', 19), { error: 8 }, [])).toBe(
      'constraintViolation (19): Password is in history of old passwords; ppolicy PasswordInHistory (8)',
    );
  });
});
