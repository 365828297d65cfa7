import { AccountsRepository } from '@resetdesk/accounts';
import { Clock, PasswordHasher } from '@resetdesk/core';
import { PoliciesService } from '@resetdesk/policies';
import { StaffRepository, StaffRole, StaffService } from '@resetdesk/staff';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { seedDemoAccounts } from './demo-accounts';
import { seedDemoAuthenticators } from './demo-authenticators';
import { HISTORY_DAYS, seedDemoHistory } from './demo-history';
import { CliCommand, CliError } from './command';
import { withApp } from './with-app';

/** The demo's people; the credentials are printed by `npm run demo`, so they are public by design. */
export const DEMO_STAFF: Array<{ email: string; name: string; role: StaffRole; password: string }> = [
  { email: 'admin@resetdesk.local', name: 'Ada Admin', role: 'admin', password: 'Orchid-lantern-41-demo' },
  { email: 'supervisor@resetdesk.local', name: 'Sam Supervisor', role: 'supervisor', password: 'Quiet-harbor-27-demo' },
  { email: 'agent@resetdesk.local', name: 'Alex Agent', role: 'agent', password: 'Copper-meadow-63-demo' },
  { email: 'verifier@resetdesk.local', name: 'Vera Verifier', role: 'verifier', password: 'Amber-willow-58-demo' },
];

/** Colleagues who worked the history's tickets; nobody signs in as them (their passwords are random and never shown). */
const HISTORY_AGENTS = [
  { email: 'priya@resetdesk.local', name: 'Priya Patel' },
  { email: 'tom@resetdesk.local', name: 'Tom Becker' },
];

export const demoSeedCommand: CliCommand = {
  name: 'demo:seed',
  usage: 'demo:seed',
  description:
    'add the demo staff, about 50 demo accounts (three with an authenticator app) and four weeks of history (idempotent; refused in production)',
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
      const accounts = await seedDemoAccounts(
        app.get(DataSource),
        app.get(AccountsRepository),
        app.get(PoliciesService),
        app.get(PasswordHasher),
        app.get(Clock),
      );
      const staff = created.length > 0 ? `Seeded demo staff: ${created.join(', ')}` : 'Demo staff already present';
      if (accounts === 0) return `${staff}; demo accounts already present`;
      // History only on a fresh demo database, together with the accounts it is about.
      for (const colleague of HISTORY_AGENTS) {
        if (!(await repository.findByEmail(colleague.email)))
          await service.create(null, { ...colleague, role: 'agent', password: randomBytes(18).toString('base64url') }, null);
      }
      const workers = await Promise.all(
        ['agent@resetdesk.local', 'supervisor@resetdesk.local', ...HISTORY_AGENTS.map((colleague) => colleague.email)].map((email) =>
          repository.findByEmail(email),
        ),
      );
      const history = await seedDemoHistory(
        app,
        workers.map((member) => ({ id: member!.id, email: member!.email })),
      );
      const withApps = await seedDemoAuthenticators(app);
      return `${staff}; seeded ${accounts} demo accounts and ${HISTORY_DAYS} days of history (${history.tickets} tickets, ${history.resets} resets, ${history.reminders} reminders, ${history.events} audit events); authenticator apps for ${withApps.join(', ')}`;
    });
  },
};
