import { DomainException } from '@resetdesk/core';

export const StaffErrorCode = {
  /** No staff member has this id. */
  NotFound: 'STAFF_NOT_FOUND',
  /** Another staff member already has this email. */
  EmailTaken: 'STAFF_EMAIL_TAKEN',
  /** The change would leave no active admin; make someone else admin first. */
  LastAdmin: 'STAFF_LAST_ADMIN',
  /** Members cannot disable themselves or change their own role; another admin must. */
  SelfChange: 'STAFF_SELF_CHANGE',
  /** Unlocking a member whose sign-in is not locked. */
  NotLocked: 'STAFF_NOT_LOCKED',
  /** Resetting two-factor sign-in for a member who has none. */
  NoTotp: 'STAFF_NO_TOTP',
  /** The staff password breaks the staff password rules; `rules` names them. */
  WeakPassword: 'STAFF_WEAK_PASSWORD',
} as const;
export type StaffErrorCode = (typeof StaffErrorCode)[keyof typeof StaffErrorCode];

export class StaffException extends DomainException<StaffErrorCode> {
  protected readonly statusByCode: Record<StaffErrorCode, number> = {
    STAFF_NOT_FOUND: 404,
    STAFF_EMAIL_TAKEN: 409,
    STAFF_LAST_ADMIN: 409,
    STAFF_SELF_CHANGE: 409,
    STAFF_NOT_LOCKED: 409,
    STAFF_NO_TOTP: 409,
    STAFF_WEAK_PASSWORD: 422,
  };

  /** `field` names the request field, so the answer says which password was refused. */
  static weakPassword(field: string, problems: Array<{ code: string; message: string }>): StaffException {
    return new StaffException(
      StaffErrorCode.WeakPassword,
      `${field} does not meet the staff password rules: ${problems.map((rule) => rule.message.toLowerCase()).join('; ')}`,
      { rules: problems.map((rule) => rule.code) },
    );
  }

  static notFound(id: number): StaffException {
    return new StaffException(StaffErrorCode.NotFound, `Staff member ${id} does not exist`);
  }
}
