import { AuditEventEntity } from '@resetdesk/audit';
import { Clock } from '@resetdesk/core';
import { insertAccountsExpiring } from '../support/bulk-accounts';
import { insertAuditEvents, insertNotifications, insertTickets } from '../support/bulk-history';
import { createDana, useDesk } from '../support/desk';
import { createStaff, signedIn } from '../support/staff';
import { as } from '../support/test-stack';
import { codeFromMail, openTicket, verifyCaller } from '../support/tickets';

/** "Now" for the fixture: Thursday 5 November 2026, 10:00 UTC. */
const NOW = new Date('2026-11-05T10:00:00.000Z');
const utc = (iso: string) => new Date(`${iso}Z`);

describe('GET /api/stats', () => {
  const desk = useDesk();
  let supervisor: ReturnType<typeof as>;

  beforeEach(async () => {
    supervisor = as(desk.stack, (await signedIn(desk.stack, 'supervisor')).token);
  });

  const query = (sql: string, params: unknown[]) => desk.stack.dataSource.query(sql, params);
  /** The figures as the API answers them with its clock at `instant` (staff sessions stay on real time). */
  async function statsAt(instant: Date, params: string) {
    const spy = jest.spyOn(desk.stack.api.get(Clock), 'now').mockReturnValue(instant);
    try {
      return (await supervisor.get(`/api/stats?${params}`).expect(200)).body;
    } finally {
      spy.mockRestore();
    }
  }

  /**
   * Seven tickets, codes and resets over 2–5 November (UTC), a few events
   * just outside, reminders and failed deliveries, and accounts expiring
   * around the 30-day window.
   */
  async function seedFixture() {
    const agentA = await createStaff(desk.stack, 'agent', { email: 'ana@example.com' });
    const agentB = await createStaff(desk.stack, 'agent', { email: 'ben@example.com' });
    await query("UPDATE staff SET name = 'Ana Agent' WHERE id = ?", [agentA.id]);
    await query('UPDATE staff SET name = \'=HYPERLINK("http://evil.example")\' WHERE id = ?', [agentB.id]);
    const accountId = await createDana(desk.admin);

    await insertTickets(query, [
      { accountId, createdAt: utc('2026-11-02T08:00:00'), resolvedAt: utc('2026-11-02T08:10:00'), assigneeId: agentA.id }, // 600 s
      { accountId, createdAt: utc('2026-11-02T09:00:00'), resolvedAt: utc('2026-11-03T09:00:00'), assigneeId: agentA.id }, // 86,400 s
      { accountId, createdAt: utc('2026-11-03T10:00:00'), resolvedAt: utc('2026-11-03T10:30:00'), assigneeId: agentB.id }, // 1,800 s
      { accountId, createdAt: utc('2026-11-03T11:00:00'), status: 'open', channel: 'phone' },
      { accountId, createdAt: utc('2026-11-05T07:00:00'), status: 'verifying', channel: 'portal' },
      { accountId, createdAt: utc('2026-11-05T08:00:00'), status: 'closed', channel: 'email' },
      { accountId, createdAt: utc('2026-10-31T12:00:00'), status: 'reset_sent', channel: 'email' }, // before the range, open now
    ]);
    const event = (action: string, at: string, details: Record<string, unknown> = {}) => ({
      action,
      occurredAt: utc(at),
      details,
      accountId,
    });
    await insertAuditEvents(query, [
      event('verification.code_sent', '2026-11-02T08:01:00'),
      event('verification.failed', '2026-11-02T08:02:00'),
      event('verification.failed', '2026-11-02T08:03:00'),
      event('verification.code_sent', '2026-11-02T08:04:00'),
      event('verification.verified', '2026-11-02T08:05:00'),
      event('verification.code_sent', '2026-11-03T10:01:00'),
      event('verification.locked', '2026-11-03T10:09:00'),
      event('self_service.code_sent', '2026-11-05T07:00:00'),
      event('self_service.code_sent', '2026-11-05T07:01:00'),
      event('self_service.code_failed', '2026-11-05T07:02:00'),
      event('self_service.password_reset', '2026-11-05T07:03:00'),
      event('account.password_set', '2026-11-02T08:30:00', { reason: 'reset-link' }),
      event('account.password_set', '2026-11-03T10:20:00', { reason: 'assisted-reset' }),
      event('account.password_set', '2026-11-03T10:25:00', { reason: 'assisted-reset' }),
      event('account.password_set', '2026-11-05T07:03:00', { reason: 'self-service' }),
      event('account.password_set', '2026-11-05T09:00:00', { reason: 'chat' }),
      event('account.password_set', '2026-11-04T12:00:00', { reason: 'change' }), // a change, not a reset
      event('account.password_set', '2026-11-04T12:00:00', { reason: 'admin' }),
      event('ticket.opened', '2026-11-03T10:00:00'), // not a figure
      // Just outside [2 Nov 00:00, 6 Nov 00:00) UTC.
      event('verification.code_sent', '2026-11-01T23:59:59.999'),
      event('verification.code_sent', '2026-11-06T00:00:00'),
      event('account.password_set', '2026-11-06T00:00:00', { reason: 'chat' }),
    ]);
    const reminder = (milestone: number, status: 'queued' | 'sent' | 'failed', at: string) => ({
      kind: 'expiry-reminder',
      milestone,
      status,
      createdAt: utc(at),
    });
    await insertNotifications(query, [
      reminder(7, 'sent', '2026-11-02T06:00:00'),
      reminder(7, 'sent', '2026-11-03T06:00:00'),
      reminder(3, 'sent', '2026-11-03T06:00:00'),
      reminder(3, 'failed', '2026-11-04T06:00:00'),
      reminder(0, 'queued', '2026-11-05T06:00:00'),
      reminder(0, 'sent', '2026-10-30T06:00:00'), // before the range
      { kind: 'verification-code', status: 'failed', createdAt: utc('2026-11-02T08:01:00') },
      { kind: 'verification-code', status: 'sent', createdAt: utc('2026-11-02T08:04:00') },
    ]);
    // Expiring today (day 0, 5 Nov) … day 29 (4 Dec) count; day 30 and yesterday do not, nor disabled or temporary passwords.
    const expiries = [
      utc('2026-11-05T23:00:00'),
      utc('2026-11-06T01:00:00'),
      utc('2026-11-06T02:00:00'),
      utc('2026-12-04T23:59:59'),
      utc('2026-12-05T00:00:00'),
      utc('2026-11-04T23:59:59'),
    ];
    await insertAccountsExpiring(query, expiries.length, (index) => expiries[index]);
    await insertAccountsExpiring(query, 2, () => utc('2026-11-10T12:00:00'), { prefix: 'excluded' });
    await query("UPDATE accounts SET status = 'disabled' WHERE username = 'excluded0'", []);
    await query("UPDATE accounts SET must_change_password = 1 WHERE username = 'excluded1'", []);
    return { agentA, agentB };
  }

  it('counts a fixture exactly: buckets (empty ones too), medians, funnel, resets, reminders, expiries and agents', async () => {
    const { agentA, agentB } = await seedFixture();
    const stats = await statsAt(NOW, 'from=2026-11-02&to=2026-11-05&bucket=day&tz=UTC');

    expect(stats.range).toEqual({ from: '2026-11-02', to: '2026-11-05', bucket: 'day', timeZone: 'UTC', generatedAt: NOW.toISOString() });
    expect(stats.tickets.open).toEqual({
      total: 3,
      byStatus: [
        { key: 'open', count: 1 },
        { key: 'verifying', count: 1 },
        { key: 'verified', count: 0 },
        { key: 'reset_sent', count: 1 },
      ],
      byChannel: [
        { key: 'phone', count: 1 },
        { key: 'portal', count: 1 },
        { key: 'email', count: 1 },
        { key: 'chat', count: 0 },
      ],
    });
    expect(stats.tickets.buckets).toEqual([
      { start: '2026-11-02', end: '2026-11-02', opened: 2, resolved: 1 },
      { start: '2026-11-03', end: '2026-11-03', opened: 2, resolved: 2 },
      { start: '2026-11-04', end: '2026-11-04', opened: 0, resolved: 0 },
      { start: '2026-11-05', end: '2026-11-05', opened: 2, resolved: 0 },
    ]);
    expect([stats.tickets.opened, stats.tickets.resolved]).toEqual([6, 3]);
    // 600, 1,800 and 86,400 s: the median is the middle one; p90 sits 80 % of the way from the 2nd to the 3rd.
    expect(stats.tickets.timeToResolve).toEqual({ resolved: 3, medianSeconds: 1800, p90Seconds: 69_480 });
    expect(stats.tickets.topAgents).toEqual([
      { staffId: agentA.id, name: 'Ana Agent', email: 'ana@example.com', resolved: 2 },
      { staffId: agentB.id, name: '=HYPERLINK("http://evil.example")', email: 'ben@example.com', resolved: 1 },
    ]);

    expect(stats.verification).toEqual({
      sent: 5,
      verified: 2,
      failed: 3,
      locked: 1,
      successRate: 0.4,
      assisted: { sent: 3, verified: 1, failed: 2, locked: 1, successRate: 1 / 3 },
      selfService: { sent: 2, verified: 1, failed: 1, locked: 0, successRate: 0.5 },
      buckets: [
        { start: '2026-11-02', end: '2026-11-02', sent: 2, verified: 1, failed: 2, locked: 0 },
        { start: '2026-11-03', end: '2026-11-03', sent: 1, verified: 0, failed: 0, locked: 1 },
        { start: '2026-11-04', end: '2026-11-04', sent: 0, verified: 0, failed: 0, locked: 0 },
        { start: '2026-11-05', end: '2026-11-05', sent: 2, verified: 1, failed: 1, locked: 0 },
      ],
    });
    expect(stats.resets).toEqual({
      link: 1,
      temporary: 2,
      selfService: 1,
      chat: 1,
      total: 5,
      buckets: [
        { start: '2026-11-02', end: '2026-11-02', link: 1, temporary: 0, selfService: 0, chat: 0 },
        { start: '2026-11-03', end: '2026-11-03', link: 0, temporary: 2, selfService: 0, chat: 0 },
        { start: '2026-11-04', end: '2026-11-04', link: 0, temporary: 0, selfService: 0, chat: 0 },
        { start: '2026-11-05', end: '2026-11-05', link: 0, temporary: 0, selfService: 1, chat: 1 },
      ],
    });
    expect(stats.reminders).toEqual({
      sent: 3,
      byMilestone: [
        { milestone: 7, queued: 0, sent: 2, failed: 0 },
        { milestone: 3, queued: 0, sent: 1, failed: 1 },
        { milestone: 0, queued: 1, sent: 0, failed: 0 },
      ],
      failedDeliveries: 2,
      failedByKind: [
        { key: 'expiry-reminder', count: 1 },
        { key: 'verification-code', count: 1 },
      ],
    });
    expect(stats.upcomingExpiries.days).toHaveLength(30);
    expect(stats.upcomingExpiries.days[0]).toEqual({ date: '2026-11-05', count: 1 });
    expect(stats.upcomingExpiries.days[1]).toEqual({ date: '2026-11-06', count: 2 });
    expect(stats.upcomingExpiries.days[29]).toEqual({ date: '2026-12-04', count: 1 });
    expect(stats.upcomingExpiries.total).toBe(4);
  });

  it('counts what the lists behind the cards show for the same days', async () => {
    await seedFixture();
    const stats = await statsAt(NOW, 'from=2026-11-02&to=2026-11-05&tz=UTC');
    const range = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-06T00:00:00.000Z' };
    const total = async (resource: string, filter: Record<string, unknown>) => {
      const response = await supervisor.get(`/api/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`).expect(200);
      return Number(/\/(\d+)$/.exec(response.headers['content-range'])![1]);
    };
    expect(await total('tickets', { createdFrom: range.start, createdTo: range.end })).toBe(stats.tickets.opened);
    expect(await total('tickets', { resolvedFrom: range.start, resolvedTo: range.end })).toBe(stats.tickets.resolved);
    expect(await total('tickets', { active: true })).toBe(stats.tickets.open.total);
    expect(await total('audit-events', { action: 'verification.code_sent', from: range.start, to: range.end })).toBe(
      stats.verification.assisted.sent,
    );
    expect(await total('notifications', { kind: 'expiry-reminder', createdFrom: range.start, createdTo: range.end })).toBe(5);
    expect(await total('notifications', { status: 'failed', createdFrom: range.start, createdTo: range.end })).toBe(
      stats.reminders.failedDeliveries,
    );
  });

  it('folds days into ISO weeks (Monday first), clipping the first and last week to the range', async () => {
    await seedFixture();
    const stats = await statsAt(NOW, 'from=2026-10-29&to=2026-11-10&bucket=week&tz=UTC');
    expect(stats.tickets.buckets).toEqual([
      { start: '2026-10-29', end: '2026-11-01', opened: 1, resolved: 0 },
      { start: '2026-11-02', end: '2026-11-08', opened: 6, resolved: 3 },
      { start: '2026-11-09', end: '2026-11-10', opened: 0, resolved: 0 },
    ]);
    expect(stats.verification.buckets.map((bucket: { sent: number }) => bucket.sent)).toEqual([1, 6, 0]);
    expect(stats.resets.buckets.map((bucket: { chat: number }) => bucket.chat)).toEqual([0, 2, 0]);
  });

  it('counts days in the requested time zone, across a DST change and a half-hour offset', async () => {
    const accountId = await createDana(desk.admin);
    const sent = (iso: string) => ({ action: 'verification.code_sent', occurredAt: utc(iso), accountId });
    await insertAuditEvents(query, [
      sent('2026-10-23T21:30:00'), // Berlin (CEST, +2): 23 Oct 23:30 — before the range there
      sent('2026-10-23T22:00:00'), // Berlin: 24 Oct 00:00 — the range's first instant
      sent('2026-10-23T23:30:00'), // Berlin: 24 Oct 01:30; UTC: still 23 Oct
      sent('2026-10-24T19:00:00'), // Berlin: 24 Oct 21:00; Kolkata: 25 Oct 00:30
      sent('2026-10-24T21:59:00'), // Berlin: 24 Oct 23:59 (CEST)
      sent('2026-10-24T22:30:00'), // Berlin: 25 Oct 00:30 (CEST; clocks go back at 01:00 UTC)
      sent('2026-10-25T22:30:00'), // Berlin: 25 Oct 23:30 (CET, +1) — a 25-hour day
      sent('2026-10-25T23:00:00'), // Berlin: 26 Oct 00:00 (CET)
      sent('2026-10-26T20:00:00'), // Berlin: 26 Oct 21:00; Kolkata: 27 Oct 01:30
      sent('2026-10-26T22:59:59.999'), // Berlin: 26 Oct 23:59:59.999 — the range's last instant
      sent('2026-10-26T23:00:00'), // Berlin: 27 Oct — after the range
    ]);
    const perDay = async (tz: string) =>
      (await statsAt(NOW, `from=2026-10-24&to=2026-10-26&tz=${encodeURIComponent(tz)}`)).verification.buckets.map(
        (bucket: { start: string; sent: number }) => [bucket.start, bucket.sent],
      );

    expect(await perDay('Europe/Berlin')).toEqual([
      ['2026-10-24', 4],
      ['2026-10-25', 2],
      ['2026-10-26', 3],
    ]);
    expect(await perDay('UTC')).toEqual([
      ['2026-10-24', 3],
      ['2026-10-25', 2],
      ['2026-10-26', 3],
    ]);
    // Kolkata is +5:30 all year: 23 Oct 21:30 UTC is already 24 Oct 03:00 there, 26 Oct 20:00 UTC is 27 Oct.
    expect(await perDay('Asia/Kolkata')).toEqual([
      ['2026-10-24', 3],
      ['2026-10-25', 3],
      ['2026-10-26', 2],
    ]);
  });

  it('compares the headline figures with the days just before, as many, when asked', async () => {
    await seedFixture();
    const stats = await statsAt(NOW, 'from=2026-11-02&to=2026-11-05&bucket=day&tz=UTC&compare=previous');
    // 29 Oct – 1 Nov holds one ticket (31 Oct, still waiting in reset sent), one code sent a millisecond before the
    // range and never verified, and one reminder sent on 30 Oct.
    expect(stats.previous).toEqual({
      from: '2026-10-29',
      to: '2026-11-01',
      opened: 1,
      resolved: 0,
      medianResolveSeconds: null,
      verificationSuccessRate: 0,
      resets: 0,
      remindersSent: 1,
      failedDeliveries: 0,
    });
    // The figures of the range itself are what they are without the comparison.
    const plain = await statsAt(NOW, 'from=2026-11-02&to=2026-11-05&bucket=day&tz=UTC');
    expect(plain.previous).toBeNull();
    expect({ ...stats, previous: null }).toEqual(plain);

    // The live board's "reset sent for over 2 hours" opens this list: last changed before the cut-off.
    const stale = await supervisor
      .get('/api/tickets')
      .query({ filter: JSON.stringify({ status: 'reset_sent', updatedTo: '2026-11-01T00:00:00.000Z' }) })
      .expect(200);
    expect(stale.body.map((ticket: { createdAt: string }) => ticket.createdAt)).toEqual(['2026-10-31T12:00:00.000Z']);
    expect(
      (
        await supervisor
          .get('/api/tickets')
          .query({ filter: JSON.stringify({ status: 'reset_sent', updatedTo: '2026-10-31T00:00:00.000Z' }) })
          .expect(200)
      ).body,
    ).toEqual([]);
  });

  it('defaults to the last 30 days per day in REMINDER_TZ, and answers an empty desk with zeros', async () => {
    const stats = await statsAt(NOW, '');
    expect(stats.range).toMatchObject({ from: '2026-10-07', to: '2026-11-05', bucket: 'day', timeZone: 'UTC' });
    expect(stats.tickets.buckets).toHaveLength(30);
    expect(
      stats.tickets.buckets.every((bucket: { opened: number; resolved: number }) => bucket.opened === 0 && bucket.resolved === 0),
    ).toBe(true);
    expect(stats.tickets.timeToResolve).toEqual({ resolved: 0, medianSeconds: null, p90Seconds: null });
    expect(stats.verification.successRate).toBeNull();
    expect(stats.reminders).toEqual({ sent: 0, byMilestone: [], failedDeliveries: 0, failedByKind: [] });
    expect(stats.upcomingExpiries.total).toBe(0);
  });

  it('reflects a real assisted reset: code sent, a wrong try, verified, temporary password, ticket opened', async () => {
    const accountId = await createDana(desk.admin);
    const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
    const ticketId = await openTicket(agent, accountId);
    await agent.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    const { code } = await codeFromMail(desk.mailbox, ticketId);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await agent.post(`/api/tickets/${ticketId}/otp/verify`).send({ code: wrong }).expect(422);
    const secondTicket = await openTicket(agent, accountId, 'Second call');
    await verifyCaller(agent, desk.mailbox, secondTicket);
    await agent.post(`/api/tickets/${secondTicket}/reset`).send({ method: 'temporary' }).expect(202);

    const stats = (await supervisor.get('/api/stats').expect(200)).body;
    expect(stats.tickets.opened).toBe(2);
    expect(stats.verification).toMatchObject({ sent: 2, verified: 1, failed: 1, locked: 0, successRate: 0.5 });
    expect(stats.resets).toMatchObject({ temporary: 1, link: 0, selfService: 0, chat: 0, total: 1 });
  });

  it('refuses bad ranges, buckets, zones and unknown parameters with a 400 naming them', async () => {
    const cases: Array<[string, RegExp]> = [
      ['bucket=month', /bucket must be "day" or "week"/],
      ['from=2026-02-30', /from is not a real day/],
      ['to=11%2F05%2F2026', /to must be a day as YYYY-MM-DD/],
      ['from=2026-11-05&to=2026-11-01', /from \(2026-11-05\) must not be after to \(2026-11-01\)/],
      ['from=2025-01-01&to=2026-11-05', /at most 366/],
      ['tz=Mars%2FOlympus', /tz must be an IANA time zone/],
      ['from=2026-11-01&from=2026-11-02', /from must be given once/],
      ['month=11', /unknown field "month"/],
      ['compare=next', /compare must be "previous"/],
    ];
    for (const [params, message] of cases) {
      const response = await supervisor.get(`/api/stats?${params}`);
      expect({ params, status: response.status }).toEqual({ params, status: 400 });
      expect(response.body.message).toMatch(message);
      await supervisor.get(`/api/stats/export?${params}`).expect(400);
    }
    expect(await desk.stack.dataSource.getRepository(AuditEventEntity).countBy({ action: 'stats.exported' })).toBe(0);
  });

  it('is for supervisors and admins: an agent gets 403', async () => {
    const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
    await agent.get('/api/stats').expect(403);
    await agent.get('/api/stats/export').expect(403);
    await desk.admin.get('/api/stats').expect(200);
  });

  it('exports the same figures as formula-safe CSV, one number per line, and audits the export', async () => {
    await seedFixture();
    const spy = jest.spyOn(desk.stack.api.get(Clock), 'now').mockReturnValue(NOW);
    const response = await supervisor.get('/api/stats/export?from=2026-11-02&to=2026-11-05&tz=UTC').buffer(true).expect(200);
    spy.mockRestore();

    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="resetdesk-report-2026-11-02-to-2026-11-05.csv"');
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('figure,dimension,start,end,value');
    expect(lines).toHaveLength(Number(response.headers['x-total-count']) + 1);
    expect(lines).toEqual(
      expect.arrayContaining([
        'open_tickets,status=open,2026-11-05,2026-11-05,1',
        'tickets_opened,,2026-11-02,2026-11-05,6',
        'tickets,opened,2026-11-04,2026-11-04,0',
        'time_to_resolve_median_seconds,,2026-11-02,2026-11-05,1800',
        'time_to_resolve_p90_seconds,,2026-11-02,2026-11-05,69480',
        'codes_sent,,2026-11-02,2026-11-05,5',
        'verification_success_rate,,2026-11-02,2026-11-05,0.4',
        'resets,method=temporary,2026-11-02,2026-11-05,2',
        'reminders,milestone=3;status=failed,2026-11-02,2026-11-05,1',
        'failed_deliveries,,2026-11-02,2026-11-05,2',
        'upcoming_expiries,,2026-11-06,2026-11-06,2',
        'resolved_by_agent,Ana Agent <ana@example.com>,2026-11-02,2026-11-05,2',
        // A name that would run as a formula in a spreadsheet is quoted as text.
        `resolved_by_agent,"'=HYPERLINK(""http://evil.example"") <ben@example.com>",2026-11-02,2026-11-05,1`,
      ]),
    );

    const [exported] = await desk.stack.dataSource.getRepository(AuditEventEntity).findBy({ action: 'stats.exported' });
    expect(exported).toMatchObject({ actorType: 'staff', targetType: 'stats' });
    expect(exported.details).toEqual({ from: '2026-11-02', to: '2026-11-05', bucket: 'day', timeZone: 'UTC', rows: lines.length - 1 });
  });
});
