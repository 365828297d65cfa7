import { DomainException } from '@resetdesk/core';

export const PolicyErrorCode = {
  /** No password policy has this id. */
  NotFound: 'POLICY_NOT_FOUND',
  /** Another password policy already has this name. */
  NameTaken: 'POLICY_NAME_TAKEN',
  /** Accounts still use this policy; move them to another one first. */
  InUse: 'POLICY_IN_USE',
  /** The default policy cannot be deleted or switched off; make another the default first. */
  IsDefault: 'POLICY_IS_DEFAULT',
  /** The settings contradict each other (e.g. minLength above maxLength, or too short for the required character classes). */
  Inconsistent: 'POLICY_INCONSISTENT',
} as const;
export type PolicyErrorCode = (typeof PolicyErrorCode)[keyof typeof PolicyErrorCode];

export class PolicyException extends DomainException<PolicyErrorCode> {
  protected readonly statusByCode: Record<PolicyErrorCode, number> = {
    POLICY_NOT_FOUND: 404,
    POLICY_NAME_TAKEN: 409,
    POLICY_IN_USE: 409,
    POLICY_IS_DEFAULT: 409,
    POLICY_INCONSISTENT: 400,
  };

  static notFound(id: number): PolicyException {
    return new PolicyException(PolicyErrorCode.NotFound, `Password policy ${id} does not exist`);
  }
}
