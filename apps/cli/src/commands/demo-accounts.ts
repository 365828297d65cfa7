import { AccountsRepository, expiryOf } from '@resetdesk/accounts';
import { Clock, PasswordHasher } from '@resetdesk/core';
import { PoliciesService } from '@resetdesk/policies';
import { DataSource } from 'typeorm';
import { DEMO_ACCOUNT_PASSWORD, demoPeople } from './demo-people';

export { DEMO_ACCOUNT_PASSWORD, demoPeople };

/** About 50 demo accounts across the three presets, with varied password ages and a few privileged ones. */
export async function seedDemoAccounts(
  dataSource: DataSource,
  accounts: AccountsRepository,
  policies: PoliciesService,
  hasher: PasswordHasher,
  clock: Clock,
): Promise<number> {
  const existing = await dataSource.query('SELECT COUNT(*) AS n FROM accounts');
  if (Number(existing[0].n) > 0) return 0;
  const presets = await Promise.all(
    ['Member portal', 'Web account', 'Corporate'].map(
      async (name) => (await policies.list({ filter: { q: name }, sort: { field: 'name', order: 'ASC' }, skip: 0, take: 1 })).items[0]!,
    ),
  );
  // One hash for all: every demo account's password is the same, printed by npm run demo.
  const passwordHash = await hasher.hash(DEMO_ACCOUNT_PASSWORD);
  const now = clock.now();
  let created = 0;
  await dataSource.transaction(async (manager) => {
    const ids: number[] = [];
    for (const person of demoPeople()) {
      const { index, username } = person;
      const policy = presets[index % 3]!;
      const account = await accounts.insert(
        manager,
        {
          username,
          email: person.email,
          displayName: person.displayName,
          chatId: person.chatId,
          privileged: person.privileged,
          policyId: index % 3 === 0 ? null : policy.id,
        },
        now,
      );
      const changedAt = new Date(now.getTime() - person.passwordAgeDays(policy.maxAgeDays) * 86_400_000);
      const expiresAt = expiryOf(changedAt, policy.maxAgeDays);
      await accounts.update(
        manager,
        account.id,
        {
          passwordHash,
          passwordChangedAt: changedAt,
          passwordExpiresAt: expiresAt,
          passwordVersion: 1,
          status: expiresAt && expiresAt < now ? 'expired' : 'active',
        },
        now,
      );
      await accounts.addHistory(manager, account.id, passwordHash, changedAt);
      ids[index] = account.id;
      created += 1;
    }
    // Managers for "Ask manager": the first of every ten manages the other nine, and the very first manages the firsts.
    for (const [index, id] of ids.entries()) {
      if (index === 0) continue;
      await accounts.update(manager, id, { managerId: ids[index % 10 === 0 ? 0 : index - (index % 10)]! }, now);
    }
  });
  return created;
}
