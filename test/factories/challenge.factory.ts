import { VerificationChallengeEntity } from '@resetdesk/verification';
import { entity, minutesFrom, newId, TEST_NOW } from './small.factory';

export type ChallengeLike = Partial<VerificationChallengeEntity>;

/** A pending email code sent two minutes before TEST_NOW (codes last 10 minutes). Pass `codeHash` for a code the spec can type. */
export class ChallengeFactory {
  private constructor(private readonly value: VerificationChallengeEntity) {}

  static create(overrides: ChallengeLike = {}): VerificationChallengeEntity {
    return ChallengeFactory.from(overrides).build();
  }

  static from(overrides: ChallengeLike = {}): ChallengeFactory {
    const createdAt = overrides.createdAt ?? minutesFrom(TEST_NOW, -2);
    return new ChallengeFactory(
      entity(VerificationChallengeEntity, {
        id: newId(),
        ticketId: newId(),
        accountId: newId(),
        channel: 'email',
        codeHash: '0'.repeat(64),
        status: 'pending',
        attempts: 0,
        issuedByStaffId: null,
        verifiedByStaffId: null,
        createdAt,
        expiresAt: minutesFrom(createdAt, 10),
        verifiedAt: null,
        ...overrides,
      }),
    );
  }

  /** Entered correctly by `staffId` `minutesAgo` minutes before TEST_NOW. */
  verifiedBy(staffId: number, minutesAgo = 1): this {
    this.value.status = 'verified';
    this.value.verifiedByStaffId = staffId;
    this.value.verifiedAt = minutesFrom(TEST_NOW, -minutesAgo);
    this.value.attempts += 1;
    return this;
  }

  build(): VerificationChallengeEntity {
    return entity(VerificationChallengeEntity, { ...this.value });
  }
}
