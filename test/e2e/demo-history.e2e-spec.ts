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
    },
    SEED_TEST_TIMEOUT_MS,
  );
});
