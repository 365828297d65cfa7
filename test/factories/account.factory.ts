import { AccountEntity } from '@resetdesk/accounts';
import { entity, minutesFrom, newId, TEST_NOW } from './small.factory';

export type AccountLike = Partial<AccountEntity>;

/** A local, active, non-privileged account with a password changed a month ago. */
export class AccountFactory {
  private constructor(private readonly value: AccountEntity) {}

  static create(overrides: AccountLike = {}): AccountEntity {
    return AccountFactory.from(overrides).build();
  }

  static from(overrides: AccountLike = {}): AccountFactory {
    const id = overrides.id ?? newId();
    return new AccountFactory(
      entity(AccountEntity, {
        id,
        username: `holder${id}`,
        email: `holder${id}@example.com`,
        displayName: `Holder ${id}`,
        chatId: null,
        directoryId: null,
        directoryDn: null,
        directorySyncedAt: null,
        privileged: false,
        policyId: null,
        passwordHash: null,
        passwordChangedAt: minutesFrom(TEST_NOW, -30 * 24 * 60),
        passwordExpiresAt: null,
        passwordVersion: 1,
        mustChangePassword: false,
        status: 'active',
        createdAt: minutesFrom(TEST_NOW, -365 * 24 * 60),
        updatedAt: minutesFrom(TEST_NOW, -30 * 24 * 60),
        ...overrides,
      }),
    );
  }

  /** Needs a second person's approval to be reset. */
  privileged(): this {
    this.value.privileged = true;
    return this;
  }

  /** Password expiring `days` days after TEST_NOW (negative: already past). */
  expiringIn(days: number): this {
    this.value.passwordExpiresAt = minutesFrom(TEST_NOW, days * 24 * 60);
    return this;
  }

  build(): AccountEntity {
    return entity(AccountEntity, { ...this.value });
  }
}
