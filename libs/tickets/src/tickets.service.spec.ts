import { AccountEntity } from '@resetdesk/accounts';
import { AuditAction } from '@resetdesk/audit';
import { StaffEntity } from '@resetdesk/staff';
import { AccountFactory, StaffFactory, TEST_NOW, TicketFactory } from 'test/factories';
import { newTestService, TestService } from 'test/unit/new-test-service';
import { TicketEntity, TicketStatus } from './ticket.entity';
import { TicketErrorCode } from './ticket.exception';
import { FinishedTicket, TicketsService } from './tickets.service';

const context = { ip: '192.0.2.10', userAgent: 'unit-test' };

describe(TicketsService.name, () => {
  let sut: TicketsService;
  let ctx: TestService<TicketsService>;
  let agent: StaffEntity;
  let account: AccountEntity;

  beforeEach(async () => {
    ctx = await newTestService(TicketsService);
    sut = ctx.sut;
    [agent] = ctx.db.seed(StaffEntity, StaffFactory.create());
    [account] = ctx.db.seed(AccountEntity, AccountFactory.create());
  });

  const seedTicket = (status: TicketStatus, overrides: Partial<TicketEntity> = {}) =>
    ctx.db.seed(TicketEntity, TicketFactory.create({ accountId: account.id, assigneeId: agent.id, status, ...overrides }))[0]!;
  const stored = (id: number) => ctx.db.rows(TicketEntity).find((ticket) => ticket.id === id)!;
  const move = (id: number, status: TicketStatus) => sut.update(StaffFactory.principal(agent), id, { status }, context);

  describe('update: status moves', () => {
    it.each([
      ['open', 'cancelled'],
      ['open', 'closed'],
      ['verifying', 'open'],
      ['verified', 'cancelled'],
      ['reset_sent', 'resolved'],
      ['resolved', 'closed'],
      ['resolved', 'open'],
      ['closed', 'open'],
      ['cancelled', 'open'],
    ] as const)('moves %s → %s and records the move', async (from, to) => {
      const ticket = seedTicket(from);

      const detail = await move(ticket.id, to);

      expect(detail.status).toBe(to);
      expect(ctx.audit.events).toContainEqual(
        expect.objectContaining({ action: AuditAction.TicketStatusChanged, ticketId: ticket.id, details: { from, to } }),
      );
    });

    it.each([
      ['open', 'resolved'],
      ['verifying', 'resolved'],
      ['verified', 'resolved'],
      ['reset_sent', 'cancelled'],
      ['closed', 'resolved'],
      ['cancelled', 'closed'],
    ] as const)('refuses %s → %s and changes nothing', async (from, to) => {
      const ticket = seedTicket(from);

      await expect(move(ticket.id, to)).rejects.toMatchObject({
        code: TicketErrorCode.IllegalMove,
        details: { currentStatus: from, requestedStatus: to },
      });

      expect(stored(ticket.id).status).toBe(from);
      expect(ctx.audit.events).toEqual([]);
    });

    it('stamps resolvedAt on resolving, keeps it on closing and clears it on reopening', async () => {
      const ticket = seedTicket('reset_sent');

      await move(ticket.id, 'resolved');
      expect(stored(ticket.id).resolvedAt).toEqual(TEST_NOW);
      ctx.clock.advance({ hours: 1 });
      await move(ticket.id, 'closed');
      expect(stored(ticket.id).resolvedAt).toEqual(TEST_NOW);
      await move(ticket.id, 'open');
      expect(stored(ticket.id).resolvedAt).toBeNull();
    });

    it('records nothing when the requested status is the current one', async () => {
      const ticket = seedTicket('open');

      await move(ticket.id, 'open');

      expect(ctx.audit.events).toEqual([]);
    });
  });

  describe('update: finishing a ticket', () => {
    it('drops its verification and approval, so a reopened ticket starts over', async () => {
      const ticket = ctx.db.seed(
        TicketEntity,
        TicketFactory.from({ accountId: account.id, assigneeId: agent.id })
          .verified()
          .approvedBy(agent.id + 1)
          .build(),
      )[0]!;

      await move(ticket.id, 'cancelled');
      await move(ticket.id, 'open');

      expect(stored(ticket.id)).toMatchObject({ status: 'open', verifiedUntil: null, resetApprovedByStaffId: null, resetApprovedAt: null });
    });

    // What a finished ticket must lose (its links and codes) is the listeners' (resets registers CredentialRevoker's; see its spec).
    it('tells the finished listeners inside the finishing transaction, once the ticket is finished', async () => {
      const ticket = seedTicket('verifying');
      const heard: Array<FinishedTicket & { storedStatus: TicketStatus }> = [];
      sut.onFinished(async (_manager, finished) => {
        heard.push({ ...finished, storedStatus: stored(finished.ticket.id).status });
      });

      await move(ticket.id, 'closed');

      expect(heard).toEqual([
        expect.objectContaining({
          actor: expect.objectContaining({ id: agent.id }),
          ticket: expect.objectContaining({ id: ticket.id, status: 'verifying' }),
          status: 'closed',
          now: TEST_NOW,
          context,
          storedStatus: 'closed',
        }),
      ]);
    });

    it('rolls the move back when a listener fails', async () => {
      const ticket = seedTicket('verifying');
      sut.onFinished(async () => {
        throw new Error('revocation failed');
      });

      await expect(move(ticket.id, 'cancelled')).rejects.toThrow('revocation failed');

      expect(stored(ticket.id).status).toBe('verifying');
      expect(ctx.audit.events).toEqual([]);
    });

    it('does not tell the listeners about a move that does not finish the ticket', async () => {
      const ticket = seedTicket('verifying');
      const listener = jest.fn(async () => undefined);
      sut.onFinished(listener);

      await move(ticket.id, 'open');

      expect(listener).not.toHaveBeenCalled();
    });
  });

  describe('get', () => {
    it('adds what each detail source gives to the detail, in order', async () => {
      const ticket = seedTicket('verifying');
      sut.addDetailSource(async () => ({ codes: [], resendAvailableAt: 'first' }));
      sut.addDetailSource(async (_ticket, now) => ({ resendAvailableAt: now.toISOString(), approval: null }));

      await expect(sut.get(ticket.id)).resolves.toMatchObject({
        id: ticket.id,
        codes: [],
        links: [],
        approval: null,
        resendAvailableAt: TEST_NOW.toISOString(),
        notes: [],
      });
    });
  });

  describe('open', () => {
    const open = (dto: { accountId: number; assigneeId?: number | null }) =>
      sut.open(StaffFactory.principal(agent), { subject: 'Locked out', channel: 'phone', ...dto }, context);

    it('assigns the ticket to whoever opened it and tells the holder, once', async () => {
      const detail = await open({ accountId: account.id });

      expect(detail).toMatchObject({ status: 'open', assigneeId: agent.id, accountUsername: account.username, priority: 'normal' });
      expect(ctx.outbox.mails).toEqual([
        expect.objectContaining({ kind: 'ticket-opened', to: account.email, dedupeKey: `ticket-opened:${detail.id}` }),
      ]);
      expect(ctx.audit.actions()).toEqual([AuditAction.TicketOpened]);
    });

    it('leaves the ticket unassigned when asked to', async () => {
      await expect(open({ accountId: account.id, assigneeId: null })).resolves.toMatchObject({ assigneeId: null });
    });

    it('refuses an account that does not exist and an assignee who cannot work it', async () => {
      const [disabled] = ctx.db.seed(StaffEntity, StaffFactory.create({ disabled: true }));

      await expect(open({ accountId: 404 })).rejects.toMatchObject({ code: TicketErrorCode.AccountNotFound });
      await expect(open({ accountId: account.id, assigneeId: disabled!.id })).rejects.toMatchObject({
        code: TicketErrorCode.AssigneeNotFound,
      });
      expect(ctx.db.rows(TicketEntity)).toEqual([]);
    });
  });

  it('refuses to change a ticket that does not exist', async () => {
    await expect(move(404, 'closed')).rejects.toMatchObject({ code: TicketErrorCode.NotFound });
  });
});
