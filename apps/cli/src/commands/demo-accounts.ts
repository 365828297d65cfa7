import { AccountsRepository, expiryOf } from '@resetdesk/accounts';
import { Clock, PasswordHasher } from '@resetdesk/core';
import { PoliciesService } from '@resetdesk/policies';
import { DataSource } from 'typeorm';

const FIRST = ['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kai', 'Lena', 'Milo', 'Nia', 'Omar', 'Pia', 'Quinn'];
const LAST = ['Reyes', 'Smith', 'Tanaka', 'Umar', 'Vega', 'Weber', 'Xu'];

/** Password ages (days) chosen so the demo shows every state: fresh, due in 7/3/0 days, expired. */
function ageFor(index: number, maxAgeDays: number): number {
  if (maxAgeDays === 0) return (index * 11) % 300;
  const milestones = [maxAgeDays - 7, maxAgeDays - 3, maxAgeDays, maxAgeDays + 5];
  return index % 5 < milestones.length ? milestones[index % 5]! : (index * 13) % (maxAgeDays - 10);
}

/** About 50 demo accounts across the three presets, with varied password ages and a few privileged ones. */
export async function seedDemoAccounts(dataSource: DataSource, accounts: AccountsRepository, policies: PoliciesService, hasher: PasswordHasher, clock: Clock): Promise<number> {
  const existing = await dataSource.query('SELECT COUNT(*) AS n FROM accounts');
  if (Number(existing[0].n) > 0) return 0;
  const presets = await Promise.all(['Member portal', 'Web account', 'Corporate'].map(async (name) => (await policies.list({ filter: { q: name }, sort: { field: 'name', order: 'ASC' }, skip: 0, take: 1 })).items[0]!));
  // One hash for all: every demo account's password is the same, printed by npm run demo.
  const passwordHash = await hasher.hash('Demo-account-2026');
  const now = clock.now();
  let created = 0;
  await dataSource.transaction(async (manager) => {
    for (let index = 0; index < 51; index++) {
      const first = FIRST[index % FIRST.length]!;
      const last = LAST[index % LAST.length]!;
      const username = `${first}.${last}${index}`.toLowerCase();
      const policy = presets[index % 3]!;
      const account = await accounts.insert(
        manager,
        { username, email: `${username}@example.com`, displayName: `${first} ${last}`, chatId: index % 6 === 0 ? `U${1000 + index}` : null, privileged: index % 10 === 0, policyId: index % 3 === 0 ? null : policy.id },
        now,
      );
      const changedAt = new Date(now.getTime() - ageFor(index, policy.maxAgeDays) * 86_400_000);
      const expiresAt = expiryOf(changedAt, policy.maxAgeDays);
      await accounts.update(
        manager,
        account.id,
        { passwordHash, passwordChangedAt: changedAt, passwordExpiresAt: expiresAt, passwordVersion: 1, status: expiresAt && expiresAt < now ? 'expired' : 'active' },
        now,
      );
      await accounts.addHistory(manager, account.id, passwordHash, changedAt);
      created += 1;
    }
  });
  return created;
}
