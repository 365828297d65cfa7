import { randomBytes } from 'node:crypto';
import { useDesk } from '../support/desk';
import { runEntrypoint } from '../support/run-entrypoint';
import { signedIn } from '../support/staff';
import { as } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** Each seed writes four weeks of history, and the test seeds twice: past 30 s beside the heaviest files on a slow machine. */
const SEED_TIMEOUT_MS = 90_000;
const SEED_TEST_TIMEOUT_MS = 2 * SEED_TIMEOUT_MS + 30_000;

describe('demo:seed history', () => {
  const desk = useDesk();

  it(
    'seeds four weeks the dashboard shows, chronologically, in a chain that verifies — once',
    async () => {
      const seeded = await runEntrypoint('cli', ['demo:seed'], { LOG_LEVEL: 'silent' }, SEED_TIMEOUT_MS);
      expect(seeded.code).toBe(0);
      const [, tickets] = /28 days of history \((\d+) tickets, \d+ resets, \d+ reminders, \d+ audit events\)/.exec(seeded.stdout) ?? [];
      expect(Number(tickets)).toBeGreaterThan(50);

      const supervisor = as(desk.stack, (await signedIn(desk.stack, 'supervisor')).token);
      const today = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.now() - 28 * 86_400_000).toISOString().slice(0, 10);
      const stats = (await supervisor.get(`/api/stats?from=${from}&to=${today}&tz=UTC`).expect(200)).body;
      expect(stats.tickets.opened).toBe(Number(tickets));
      expect(stats.tickets.resolved).toBeGreaterThan(stats.tickets.opened / 2);
      expect(stats.tickets.timeToResolve.medianSeconds).toBeGreaterThan(0);
      expect(stats.tickets.topAgents).toHaveLength(4);
      expect(stats.verification.sent).toBeGreaterThan(stats.verification.verified);
      expect(Math.min(stats.verification.verified, stats.verification.failed, stats.verification.locked)).toBeGreaterThan(0);
      expect(Math.min(stats.resets.link, stats.resets.temporary, stats.resets.selfService, stats.resets.chat)).toBeGreaterThan(0);
      expect(stats.reminders.sent).toBeGreaterThan(0);
      // Most days have something: the charts are not a lone spike.
      expect(stats.tickets.buckets.filter((bucket: { opened: number }) => bucket.opened > 0).length).toBeGreaterThan(15);

      // After the staff set-up, the trail is in time order, and the sealer chains it like any other.
      const outOfOrder = await desk.stack.dataSource.query(
        "SELECT COUNT(*) AS n FROM audit_events a JOIN audit_events b ON b.id = a.id + 1 WHERE a.action <> 'staff.created' AND b.occurred_at < a.occurred_at",
      );
      expect(Number(outOfOrder[0].n)).toBe(0);
      await waitFor(
        async () => Number((await desk.stack.dataSource.query('SELECT COUNT(*) AS n FROM audit_events WHERE seq IS NULL'))[0].n) === 0,
        { what: 'the history to be sealed' },
      );
      expect((await supervisor.get('/api/audit-events/verify').expect(200)).body).toMatchObject({ status: 'verified', brokenAtSeq: null });

      // A second run finds the accounts and adds nothing.
      const again = await runEntrypoint('cli', ['demo:seed'], { LOG_LEVEL: 'silent' }, SEED_TIMEOUT_MS);
      expect(again.stdout).toMatch(/demo accounts already present/);
      expect(Number((await desk.stack.dataSource.query('SELECT COUNT(*) AS n FROM tickets'))[0].n)).toBe(Number(tickets));

      // Three holders have an authenticator app; the demo command prints the code it shows, which verifies a caller.
      expect(seeded.stdout).toContain('authenticator apps for ana.reyes0, ben.smith1, chen.tanaka2');
      const shown = await runEntrypoint('cli', ['demo:authenticator-code', '--username', 'ben.smith1'], { LOG_LEVEL: 'silent' });
      // Seconds after the seed, the app still shows the code its enrollment used: the command gives the next one.
      const [, code] =
        /^(\d{6}) {2}\(the app shows it (?:for \d+ more s|in \d+ s; the code it shows now was used already,)(?:;| and) each code verifies once\)$/m.exec(
          shown.stdout,
        ) ?? [];
      expect({ code: shown.code, printed: Boolean(code) }).toEqual({ code: 0, printed: true });
      const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
      const ben = (
        await agent
          .get('/api/accounts')
          .query({ filter: JSON.stringify({ q: 'ben.smith1' }) })
          .expect(200)
      ).body[0];
      const ticketId = (await agent.post('/api/tickets').send({ accountId: ben.id, subject: 'Demo call', channel: 'phone' }).expect(201))
        .body.id;
      await agent.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'authenticator' }).expect(202);
      await agent.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(200);
      const refused = await runEntrypoint('cli', ['demo:authenticator-code', '--username', 'ben.smith1'], {
        LOG_LEVEL: 'silent',
        NODE_ENV: 'production',
        // What production requires before any command runs.
        SMTP_URL: 'smtp://127.0.0.1:2525',
        JWT_SECRET: randomBytes(32).toString('hex'),
        DATA_KEY: randomBytes(32).toString('base64'),
        CHAT_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      });
      expect({ code: refused.code, stderr: refused.stderr }).toEqual({
        code: 1,
        stderr: expect.stringContaining('demo:authenticator-code is refused when NODE_ENV=production'),
      });
    },
    SEED_TEST_TIMEOUT_MS,
  );
});
