/**
 * Why a directory refused a password or an operation, as a rule code the UI
 * and the API share. The directory decides; ResetDesk's own policy only
 * drives the live checklist.
 */
export const DIRECTORY_RULES = {
  /** ppolicy pwdInHistory, AD password history. */
  HISTORY: 'DIRECTORY_HISTORY',
  /** ppolicy pwdMinLength, AD minPwdLength. */
  MIN_LENGTH: 'DIRECTORY_MIN_LENGTH',
  /** AD complexity, ppolicy quality checking module. */
  QUALITY: 'DIRECTORY_QUALITY',
  /** ppolicy pwdMinAge, AD minPwdAge: changed too recently. */
  MIN_AGE: 'DIRECTORY_MIN_AGE',
  /** The holder's current password is not the one the directory has. */
  WRONG_CURRENT_PASSWORD: 'DIRECTORY_WRONG_CURRENT_PASSWORD',
  /** The holder may not change their own password (ppolicy pwdAllowUserChange, AD "user cannot change password"). */
  CHANGE_NOT_ALLOWED: 'DIRECTORY_CHANGE_NOT_ALLOWED',
  ACCOUNT_LOCKED: 'DIRECTORY_ACCOUNT_LOCKED',
  ACCOUNT_DISABLED: 'DIRECTORY_ACCOUNT_DISABLED',
  PASSWORD_EXPIRED: 'DIRECTORY_PASSWORD_EXPIRED',
  MUST_CHANGE: 'DIRECTORY_MUST_CHANGE',
  /** The entry is not (or no longer) in the directory. */
  NO_SUCH_ENTRY: 'DIRECTORY_NO_SUCH_ENTRY',
  /** The service account lacks the right (AD "Reset Password", ACL write on userPassword). */
  INSUFFICIENT_RIGHTS: 'DIRECTORY_INSUFFICIENT_RIGHTS',
  /** Anything else the directory refused, with its own words in the message. */
  REFUSED: 'DIRECTORY_REFUSED',
} as const;
export type DirectoryRule = (typeof DIRECTORY_RULES)[keyof typeof DIRECTORY_RULES];

/**
 * The directory said no. `message` is a sentence a holder or agent can act
 * on and may reach unauthenticated callers: it names no DN, URL, account or
 * ACL. `detail` is the operator's version (audit, logs): which entry, which
 * account, which ACL to grant. `diagnostic` is the server's own text (no secrets).
 */
export class DirectoryRefusal extends Error {
  readonly detail: string;

  constructor(
    readonly rule: DirectoryRule,
    message: string,
    readonly diagnostic?: string,
    detail?: string,
  ) {
    super(message);
    this.name = 'DirectoryRefusal';
    this.detail = detail ?? message;
  }
}

/**
 * The directory could not be reached or did not answer in time; nothing is
 * known to have changed. `message` is safe for holders and agents (no URL, no
 * DN); `detail` is for operators (audit, logs), with credentials stripped from any URL.
 */
export class DirectoryUnavailable extends Error {
  readonly detail: string;

  constructor(
    message: string,
    override readonly cause?: unknown,
    detail?: string,
  ) {
    super(message);
    this.name = 'DirectoryUnavailable';
    this.detail = detail ?? message;
  }
}

/**
 * The password write itself (Password Modify, a modify of userPassword or
 * unicodePwd, the holder's change) was sent, and then the connection broke
 * or the answer did not come in time: the directory may have applied it or
 * not. Unlike its parent, "nothing changed" cannot be assumed; unlike
 * `DirectoryIncompleteWrite`, neither can "it changed". Retrying a reset is
 * safe (it sets the same password again); telling the holder their old
 * password still works is not.
 */
export class DirectoryOutcomeUnknown extends DirectoryUnavailable {
  static readonly MESSAGE =
    'The new password was sent to the directory but no answer came back: the password may or may not have changed. Try the new password; if it does not work, try again in a minute';

  constructor(detail: string, cause?: unknown) {
    super(DirectoryOutcomeUnknown.MESSAGE, cause, detail);
    this.name = 'DirectoryOutcomeUnknown';
  }
}

/**
 * The password was written but a follow-up the directory needs in a second
 * operation (the must-change flag) was not: unlike `DirectoryUnavailable`,
 * something did change. The message says what the holder or agent can do;
 * the detail what an administrator must finish.
 */
export class DirectoryIncompleteWrite extends DirectoryUnavailable {
  constructor(message: string, cause?: unknown, detail?: string) {
    super(message, cause, detail);
    this.name = 'DirectoryIncompleteWrite';
  }
}

/** What an operator reads about a failure (audit, logs, the System page, the CLI): a directory error's detail, else the error's own words. */
export function operatorText(error: unknown): string {
  if (error instanceof DirectoryRefusal || error instanceof DirectoryUnavailable) return error.detail;
  return error instanceof Error ? error.message : String(error);
}
