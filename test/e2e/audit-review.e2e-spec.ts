import { AuditAction, AuditRecorder, AuditSealer } from '@resetdesk/audit';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

describe('audit trail review', () => {
  let stack: TestStack;
  let supervisor: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startTestStack();
    await resetState(stack);
    supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
    const recorder = stack.api.get(AuditRecorder);
    await stack.dataSource.transaction(async (manager) => {
      await recorder.record(manager, {
        actor: { type: 'staff', id: 7, label: 'dana@example.com' },
        action: AuditAction.StaffUpdated,
        target: { type: 'staff', id: 8 },
        ticketId: 42,
        details: { note: '=HYPERLINK("http://evil.example","click")' },
      });
      await recorder.record(manager, {
        actor: { type: 'staff', id: 7, label: 'dana@example.com' },
        action: AuditAction.StaffDisabled,
        target: { type: 'staff', id: 8 },
      });
      await recorder.record(manager, {
        actor: { type: 'anonymous', label: 'mallory@example.com' },
        action: AuditAction.SignInFailed,
        accountId: 5,
        details: { reason: 'unknown email' },
      });
    });
    await stack.worker!.get(AuditSealer).sealPending();
    await waitFor(async () => (await supervisor.get('/api/audit-events/chain')).body.pending === 0, { what: 'sealing' });
  });

  afterAll(() => stack.close());

  it('lists newest first with Content-Range, sealed with sequence numbers and hashes', async () => {
    const response = await supervisor.get('/api/audit-events').query({ range: '[0,1]' }).expect(200);
    expect(response.headers['content-range']).toMatch(/^audit-events 0-1\/\d+$/);
    expect(response.body).toHaveLength(2);
    expect(response.body[0].id).toBeGreaterThan(response.body[1].id);
    expect(response.body[0]).toMatchObject({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it.each([
    [{ action: 'staff.disabled' }, ['staff.disabled']],
    [{ actorType: 'anonymous' }, ['auth.sign_in.failed']],
    [{ actorLabel: 'dana@' }, ['staff.disabled', 'staff.updated']],
    [{ targetType: 'staff', targetId: '8' }, ['staff.disabled', 'staff.updated']],
    [{ ticketId: 42 }, ['staff.updated']],
    [{ accountId: [5] }, ['auth.sign_in.failed']],
    [{ q: 'sign_in' }, ['auth.sign_in.failed']],
    [{ actionGroup: 'staff' }, ['staff.disabled', 'staff.updated']],
    [{ actionGroup: 'sign-ins' }, ['auth.sign_in.failed']],
    [{ staffId: [7] }, ['staff.disabled', 'staff.updated']],
    [{ staffId: [8] }, []],
    [{ from: '2000-01-01', to: '2000-01-02' }, []],
  ])('filters by %j', async (filter, actions) => {
    const response = await supervisor
      .get('/api/audit-events')
      .query({ filter: JSON.stringify(filter), sort: '["action","ASC"]' })
      .expect(200);
    const found = (response.body as Array<{ action: string }>)
      .map((event) => event.action)
      .filter((action) => !action.startsWith('auth.sign_in.succeeded') && action !== 'staff.created');
    expect(found).toEqual(actions);
  });

  it.each([
    [{ filter: '{"secret":"x"}' }, /Unknown filter "secret"/],
    [{ filter: '{"ticketId":"abc"}' }, /filter ticketId must be an id/],
    [{ filter: '{"from":"last week"}' }, /filter from must be an ISO date/],
    [{ sort: '["hash","ASC"]' }, /Cannot sort by "hash"/],
    [{ range: '[0,100000]' }, /range may cover at most 500 rows/],
    [{ filter: '{"actionGroup":"everything"}' }, /filter actionGroup must be one of sign-ins, resets, /],
    [{ filter: '{"staffId":"sam"}' }, /filter staffId must be/],
  ])('refuses %j with 400', async (query, message) => {
    expect((await supervisor.get('/api/audit-events').query(query).expect(400)).body.message).toMatch(message);
  });

  it('shows one event, and 404 for a missing one', async () => {
    const [first] = (await supervisor.get('/api/audit-events').query({ filter: '{"action":"staff.updated"}' }).expect(200)).body;
    const event = await supervisor.get(`/api/audit-events/${first.id}`).expect(200);
    expect(event.body).toMatchObject({ action: 'staff.updated', ticketId: 42, details: { note: expect.stringContaining('HYPERLINK') } });
    expect((await supervisor.get('/api/audit-events/99999999').expect(404)).body.message).toBe('Audit event 99999999 does not exist');
  });

  it('exports the filtered set as CSV matching the list, formula-safe, and audits the export', async () => {
    const filter = '{"actorLabel":"dana@"}';
    const list = await supervisor.get('/api/audit-events').query({ filter, sort: '["id","ASC"]' }).expect(200);
    const csv = await supervisor
      .get('/api/audit-events/export')
      .query({ filter, tz: 'Europe/Berlin' })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="audit-events-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,id,occurredAt,localTime,timeZone,actorType,actorId,actorLabel,actorName,action,actionName,targetType,targetId,targetName,ticketId,accountId,accountName,ip,userAgent,details,hash',
    );
    expect(lines).toHaveLength(1 + list.body.length);
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(list.body.map((event: { id: number }) => String(event.id)));
    // The detail value starts with "=" inside JSON; the JSON cell starts with "{" and is safe, so check a direct cell too.
    expect(csv.body).toContain('""note"":""=HYPERLINK');

    const exported = await supervisor.get('/api/audit-events').query({ filter: '{"action":"audit.exported"}' }).expect(200);
    expect(exported.body[0].details).toEqual({ filter: { actorLabel: 'dana@' }, rows: list.body.length, timeZone: 'Europe/Berlin' });
    // Each time also in the zone asked for, named beside it; the action and the target in words.
    const first = list.body[0] as { occurredAt: string };
    const at = new Date(first.occurredAt);
    const offsetMinutes = Math.round(
      (Date.parse(at.toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' }).replace(' ', 'T') + 'Z') - at.getTime()) / 60_000,
    );
    const berlin = `${at.toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' })} +0${offsetMinutes / 60}:00`;
    expect(lines[1]).toContain(`,${first.occurredAt},${berlin},Europe/Berlin,staff,7,dana@example.com,,`);
    expect(csv.body).toContain(',staff.updated,Staff member updated,staff,8,Staff member #8,42,');
  });

  it('refuses a time zone that is not one, before exporting anything', async () => {
    const refused = await supervisor.get('/api/audit-events/export').query({ tz: 'Mars/Olympus' }).expect(400);
    expect(refused.body.message).toBe('tz must be an IANA time zone such as UTC or Europe/Berlin');
    const exports = await supervisor.get('/api/audit-events').query({ filter: '{"action":"audit.exported"}' }).expect(200);
    expect(exports.body.filter((event: { details: { timeZone?: string } }) => event.details.timeZone === 'Mars/Olympus')).toEqual([]);
  });

  it('names what the events point at, as they are called now, and lists staff for the picker', async () => {
    const sam = await signedIn(stack, 'supervisor');
    // No RETURNING: MySQL 8 has none.
    await stack.dataSource.query(
      "INSERT INTO accounts (username, email, display_name, created_at, updated_at) VALUES ('dreyes', 'dana@example.com', 'Dana Reyes', NOW(3), NOW(3))",
    );
    const [account] = await stack.dataSource.query("SELECT id FROM accounts WHERE username = 'dreyes'");
    const [policy] = await stack.dataSource.query("SELECT id FROM password_policies WHERE name = 'Corporate'");
    await stack.dataSource.transaction(async (manager) => {
      const recorder = stack.api.get(AuditRecorder);
      await recorder.record(manager, {
        actor: { type: 'staff', id: sam.id, label: sam.email },
        action: AuditAction.AccountUpdated,
        target: { type: 'account', id: account.id },
        accountId: Number(account.id),
      });
      await recorder.record(manager, {
        actor: { type: 'staff', id: sam.id, label: sam.email },
        action: AuditAction.PolicyUpdated,
        target: { type: 'password-policy', id: policy.id },
      });
      await recorder.record(manager, {
        actor: { type: 'account', id: account.id, label: 'dreyes' },
        action: AuditAction.ResetLinkUsed,
        target: { type: 'reset-link', id: 3 },
        accountId: Number(account.id),
        ticketId: 12,
      });
    });
    const events = (
      await supervisor
        .get('/api/audit-events')
        .query({ filter: JSON.stringify({ accountId: [Number(account.id)] }) })
        .expect(200)
    ).body;
    expect(events).toEqual([
      expect.objectContaining({
        action: 'reset.link_used',
        actorName: 'Dana Reyes (dreyes)',
        targetName: 'Reset link #3',
        accountName: 'Dana Reyes (dreyes)',
      }),
      expect.objectContaining({
        action: 'account.updated',
        actorName: 'Test supervisor',
        actorLabel: sam.email,
        targetName: 'Dana Reyes (dreyes)',
      }),
    ]);
    const [policyEvent] = (await supervisor.get('/api/audit-events').query({ filter: '{"action":"policy.updated"}' }).expect(200)).body;
    expect(policyEvent).toMatchObject({ targetName: 'Policy Corporate', accountName: null });
    const staff = (await supervisor.get('/api/audit-events/staff').expect(200)).body as Array<{ id: number; name: string; email: string }>;
    expect(staff).toEqual(expect.arrayContaining([{ id: sam.id, name: 'Test supervisor', email: sam.email }]));
    expect(Object.keys(staff[0]!).sort()).toEqual(['email', 'id', 'name']);
  });

  it('escapes an actor label that starts like a formula', async () => {
    await stack.dataSource.transaction((manager) =>
      stack.api.get(AuditRecorder).record(manager, {
        actor: { type: 'anonymous', label: '=HYPERLINK("http://evil.example","x")' },
        action: AuditAction.SignInFailed,
      }),
    );
    const csv = await supervisor
      .get('/api/audit-events/export')
      .query({ filter: '{"actorType":"anonymous"}' })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv.body).not.toMatch(/,=HYPERLINK/);
  });

  it('verifies the chain on request, reports it on the chain status and in /api/health', async () => {
    await waitFor(async () => (await supervisor.get('/api/audit-events/chain')).body.pending === 0, { what: 'sealing' });
    const verified = await supervisor.get('/api/audit-events/verify').expect(200);
    expect(verified.body).toMatchObject({ status: 'verified', brokenAtSeq: null, events: expect.any(Number) });
    const chain = await supervisor.get('/api/audit-events/chain').expect(200);
    expect(chain.body).toMatchObject({ status: 'verified', checkedAt: verified.body.checkedAt });
    const health = await stack.http.get('/api/health').expect(200);
    expect(health.body.details.auditChain).toMatchObject({ status: 'up', events: verified.body.events });
  });

  it('offers no way to change or delete an event', async () => {
    const [first] = (await supervisor.get('/api/audit-events').expect(200)).body;
    await supervisor.put(`/api/audit-events/${first.id}`).send({ action: 'x' }).expect(404);
    await supervisor.delete(`/api/audit-events/${first.id}`).expect(404);
  });

  it('refuses agents on every audit route', async () => {
    const agent = as(stack, (await signedIn(stack, 'agent')).token);
    for (const path of [
      '/api/audit-events',
      '/api/audit-events/1',
      '/api/audit-events/export',
      '/api/audit-events/verify',
      '/api/audit-events/chain',
      '/api/audit-events/staff',
    ]) {
      expect((await agent.get(path)).status).toBe(403);
    }
  });
});
