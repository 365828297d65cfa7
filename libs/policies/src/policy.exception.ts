import { DomainException } from '@resetdesk/core';

export const PolicyErrorCode = {
  NotFound: 'POLICY_NOT_FOUND',
  NameTaken: 'POLICY_NAME_TAKEN',
  InUse: 'POLICY_IN_USE',
  IsDefault: 'POLICY_IS_DEFAULT',
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
