import { AccountsRepository } from '@resetdesk/accounts';
import { Clock, PasswordHasher } from '@resetdesk/core';
import { PoliciesService } from '@resetdesk/policies';
import { StaffRepository, StaffRole, StaffService } from '@resetdesk/staff';
import { DataSource } from 'typeorm';
import { seedDemoAccounts } from './demo-accounts';
import { CliCommand, CliError } from './command';
import { withApp } from './with-app';

/** The demo's people; the credentials are printed by `npm run demo`, so they are public by design. */
export const DEMO_STAFF: Array<{ email: string; name: string; role: StaffRole; password: string }> = [
  { email: 'admin@resetdesk.local', name: 'Ada Admin', role: 'admin', password: 'demo-admin-password' },
  { email: 'supervisor@resetdesk.local', name: 'Sam Supervisor', role: 'supervisor', password: 'demo-supervisor-password' },
  { email: 'agent@resetdesk.local', name: 'Alex Agent', role: 'agent', password: 'demo-agent-password' },
];

export const demoSeedCommand: CliCommand = {
  name: 'demo:seed',
  usage: 'demo:seed',
  description: 'add the demo staff and about 50 demo accounts (idempotent; refused in production)',
  async run(_args, config) {
    if (config.app.env === 'production') throw new CliError('demo:seed is refused when NODE_ENV=production');
    return withApp(async (app) => {
      const repository = app.get(StaffRepository);
      const service = app.get(StaffService);
      const created: string[] = [];
      for (const member of DEMO_STAFF) {
        if (await repository.findByEmail(member.email)) continue;
        await service.create(null, member, null);
        created.push(member.email);
      }
      const accounts = await seedDemoAccounts(app.get(DataSource), app.get(AccountsRepository), app.get(PoliciesService), app.get(PasswordHasher), app.get(Clock));
      const staff = created.length > 0 ? `Seeded demo staff: ${created.join(', ')}` : 'Demo staff already present';
      return accounts > 0 ? `${staff}; seeded ${accounts} demo accounts` : `${staff}; demo accounts already present`;
    });
  },
};
