import { StaffEntity, StaffPrincipal } from '@resetdesk/staff';
import { entity, minutesFrom, newId, TEST_NOW } from './small.factory';

export type StaffLike = Partial<StaffEntity>;

/** An active agent without two-factor sign-in; `.supervisor()`, `.admin()`, `.withTotp(secret)` for the others. */
export class StaffFactory {
  private constructor(private readonly value: StaffEntity) {}

  static create(overrides: StaffLike = {}): StaffEntity {
    return StaffFactory.from(overrides).build();
  }

  static from(overrides: StaffLike = {}): StaffFactory {
    const id = overrides.id ?? newId();
    return new StaffFactory(
      entity(StaffEntity, {
        id,
        email: `agent${id}@desk.example`,
        name: `Agent ${id}`,
        role: 'agent',
        // Never verified in unit specs: password checks are the hasher's, tested on their own.
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$unit$unit',
        passwordChangedAt: minutesFrom(TEST_NOW, -7 * 24 * 60),
        totpSecret: null,
        totpPendingSecret: null,
        totpLastStep: null,
        failedLogins: 0,
        lockedUntil: null,
        disabled: false,
        lastLoginAt: null,
        createdAt: minutesFrom(TEST_NOW, -90 * 24 * 60),
        updatedAt: minutesFrom(TEST_NOW, -7 * 24 * 60),
        ...overrides,
      }),
    );
  }

  supervisor(): this {
    this.value.role = 'supervisor';
    return this;
  }

  admin(): this {
    this.value.role = 'admin';
    return this;
  }

  /** Two-factor sign-in confirmed with this (plain base32) secret. */
  withTotp(secret: string, lastStep: number | null = null): this {
    this.value.totpSecret = secret;
    this.value.totpLastStep = lastStep;
    return this;
  }

  build(): StaffEntity {
    return entity(StaffEntity, { ...this.value });
  }

  /** The signed-in principal a request of this member carries. */
  static principal(member: StaffEntity, sessionId = 'a'.repeat(32)): StaffPrincipal {
    return { id: member.id, email: member.email, name: member.name, role: member.role, sessionId, mfaEnrollmentRequired: false };
  }
}
