import { StaffSessionEntity, MfaChallengeEntity } from '@resetdesk/staff';
import { ResetTokenEntity } from '@resetdesk/resets';
import { createHash, randomBytes } from 'node:crypto';
import { entity, minutesFrom, newId, TEST_NOW } from './small.factory';

/** What `TokenService.hashRefreshSecret` stores: the SHA-256 of the secret. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * A staff session opened an hour before TEST_NOW and its refresh cookie
 * (`<sessionId>.<secret>`); the row keeps only the secret's hash.
 */
export class SessionFactory {
  static create(overrides: Partial<StaffSessionEntity> = {}, secret = randomBytes(32).toString('base64url')) {
    const session = entity(StaffSessionEntity, {
      id: randomBytes(16).toString('hex'),
      staffId: newId(),
      refreshHash: sha256(secret),
      createdAt: minutesFrom(TEST_NOW, -60),
      lastUsedAt: minutesFrom(TEST_NOW, -5),
      expiresAt: minutesFrom(TEST_NOW, 11 * 60),
      revokedAt: null,
      ip: '192.0.2.10',
      userAgent: 'unit-test',
      method: 'password',
      ...overrides,
    });
    return { session, secret, refreshToken: `${session.id}.${secret}` };
  }
}

/** The server-side half of an mfaToken, open for five minutes from TEST_NOW. */
export class MfaChallengeFactory {
  static create(overrides: Partial<MfaChallengeEntity> = {}): MfaChallengeEntity {
    return entity(MfaChallengeEntity, {
      id: randomBytes(16).toString('hex'),
      staffId: newId(),
      createdAt: TEST_NOW,
      expiresAt: minutesFrom(TEST_NOW, 5),
      usedAt: null,
      ...overrides,
    });
  }
}

/** An unused reset link issued five minutes before TEST_NOW (links last 30 minutes). */
export class ResetTokenFactory {
  static create(overrides: Partial<ResetTokenEntity> = {}): ResetTokenEntity {
    const createdAt = overrides.createdAt ?? minutesFrom(TEST_NOW, -5);
    return entity(ResetTokenEntity, {
      id: newId(),
      accountId: newId(),
      ticketId: null,
      tokenHash: sha256(randomBytes(32).toString('base64url')),
      issuedByStaffId: null,
      approvedByStaffId: null,
      createdAt,
      expiresAt: minutesFrom(createdAt, 30),
      usedAt: null,
      revokedAt: null,
      ...overrides,
    });
  }
}
