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

/** The directory said no. `message` is a sentence a holder or agent can act on; `diagnostic` is the server's own text (no secrets). */
export class DirectoryRefusal extends Error {
  constructor(
    readonly rule: DirectoryRule,
    message: string,
    readonly diagnostic?: string,
  ) {
    super(message);
    this.name = 'DirectoryRefusal';
  }
}

/** The directory could not be reached or did not answer in time; nothing is known to have changed. */
export class DirectoryUnavailable extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'DirectoryUnavailable';
  }
}

/**
 * The password was written but a follow-up the directory needs in a second
 * operation (the must-change flag) was not: unlike `DirectoryUnavailable`,
 * something did change. The message says what an administrator must finish.
 */
export class DirectoryIncompleteWrite extends DirectoryUnavailable {
  constructor(message: string, cause?: unknown) {
    super(message, cause);
    this.name = 'DirectoryIncompleteWrite';
  }
}
