import { AuditAction } from '@resetdesk/audit';
import { NotificationRepository, OutboxService } from '@resetdesk/mail';
import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { sleep, waitFor } from '../support/wait-for';

/**
 * An SMTP server that keeps every message it reads and answers each DATA as
 * the test says: the first time, it takes the message and then fails the
 * reply (the sender cannot tell it was delivered — as when a worker dies
 * between the send and marking the row sent), so the same email is sent twice.
 */
class FlakyAfterDataServer {
  readonly received: Array<{ to: string; messageId: string | null }> = [];
  private failNext = 0;
  private hold?: Promise<void>;
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 200,
      onData: (stream, _session, callback) => {
        void simpleParser(stream).then(async (parsed) => {
          this.received.push({ to: parsed.to ? [parsed.to].flat().map((a) => a.text).join(',') : '', messageId: parsed.messageId ?? null });
          await this.hold;
          if (this.failNext > 0) {
            this.failNext -= 1;
            callback(Object.assign(new Error('Connection lost before the reply'), { responseCode: 451 }));
          } else callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** The next DATA is kept and then answered with a failure, after `release` is called. */
  failNextAfterHolding(): () => void {
    this.failNext = 1;
    let release!: () => void;
    this.hold = new Promise((resolve) => (release = resolve));
    return () => {
      release();
      this.hold = undefined;
    };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('mail delivery: attempts, Message-ID and retry schedule', () => {
  describe('a notification sent twice', () => {
    let smtp: FlakyAfterDataServer;
    let stack: TestStack;

    beforeAll(async () => {
      smtp = new FlakyAfterDataServer();
      await smtp.start();
      stack = await startTestStack({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Desk <no-reply@desk.example.com>' } });
      await resetState(stack);
    });

    afterAll(async () => {
      await stack.close();
      await smtp.stop();
    });

    it('records the attempt before the SMTP call, carries one Message-ID on both copies, and shows two attempts', async () => {
      const supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
      const release = smtp.failNextAfterHolding();
      const id = await stack.dataSource.transaction((manager) =>
        stack.api.get(OutboxService).enqueue(manager, { kind: 'test-email', to: 'twice@example.com', data: { requestedAt: 'now' } }),
      );

      // The server has the message but has not answered: the attempt is already on record.
      await waitFor(() => smtp.received.length === 1, { what: 'the first copy to arrive' });
      const during = (await supervisor.get(`/api/notifications/${id}`).expect(200)).body;
      expect(during).toMatchObject({ status: 'queued', attempts: 1, lastAttemptAt: expect.any(String), messageId: expect.stringMatching(/^<notification\.\d+\.[0-9a-z]+@desk\.example\.com>$/) });
      release();

      const repository = stack.api.get(NotificationRepository);
      await waitFor(async () => (await repository.findById(id!))?.status === 'sent', { what: 'the second attempt to be sent' });
      expect(smtp.received).toHaveLength(2);
      expect(smtp.received[1]!.messageId).toBe(smtp.received[0]!.messageId);
      const after = (await supervisor.get(`/api/notifications/${id}`).expect(200)).body;
      expect(after).toMatchObject({ status: 'sent', attempts: 2, messageId: smtp.received[0]!.messageId });
      // The delivery log lists it with both attempts.
      const listed = await supervisor.get('/api/notifications').query({ filter: JSON.stringify({ id: [id] }) }).expect(200);
      expect(listed.body).toEqual([expect.objectContaining({ id, attempts: 2, lastAttemptAt: expect.any(String) })]);
    });
  });

  describe('retry schedule and bulk retry', () => {
    let mailbox: TestMailbox;
    let stack: TestStack;

    beforeAll(async () => {
      mailbox = await TestMailbox.start();
      stack = await startTestStack({ env: { SMTP_URL: mailbox.url, MAIL_RETRY_ATTEMPTS: '3', MAIL_RETRY_BACKOFF_MS: '20', MAIL_RETRY_MAX_DELAY_MS: '40' } });
    });

    afterAll(async () => {
      await stack.close();
      await mailbox.stop();
    });

    beforeEach(async () => {
      await resetState(stack);
      mailbox.clear();
    });

    async function failedDuringOutage(count: number): Promise<number[]> {
      await mailbox.pause();
      const ids = await stack.dataSource.transaction(async (manager) => {
        const outbox = stack.api.get(OutboxService);
        const written: number[] = [];
        for (let i = 0; i < count; i++) written.push((await outbox.enqueue(manager, { kind: 'test-email', to: `outage${i}@example.com`, data: { requestedAt: 'now' } }))!);
        return written;
      });
      const repository = stack.api.get(NotificationRepository);
      await waitFor(async () => (await repository.countByStatus()).failed === count, { timeoutMs: 15_000, what: 'every email to fail' });
      await mailbox.resume();
      return ids;
    }

    it('gives up after MAIL_RETRY_ATTEMPTS attempts', async () => {
      const [id] = await failedDuringOutage(1);
      expect(await stack.api.get(NotificationRepository).findById(id!)).toMatchObject({ status: 'failed', attempts: 3 });
    });

    it('retries every failed email at once for a supervisor, audited, and each is delivered once', async () => {
      const ids = await failedDuringOutage(12);
      const agent = as(stack, (await signedIn(stack, 'agent')).token);
      await agent.post('/api/notifications/retry-failed').expect(403);
      const supervisor = await signedIn(stack, 'supervisor');

      const answer = await as(stack, supervisor.token).post('/api/notifications/retry-failed').expect(202);
      expect(answer.body).toEqual({ retried: 12 });
      await waitFor(async () => (await stack.api.get(NotificationRepository).countByStatus()).sent === 12, { what: 'every retried email to be sent' });
      await sleep(300);
      for (let i = 0; i < ids.length; i++) expect(mailbox.messagesTo(`outage${i}@example.com`)).toHaveLength(1);

      const [event] = await stack.dataSource.query('SELECT actor_id AS actorId, details FROM audit_events WHERE action = ?', [AuditAction.NotificationsRetriedAllFailed]);
      expect(Number(event.actorId)).toBe(supervisor.id);
      expect(typeof event.details === 'string' ? JSON.parse(event.details) : event.details).toMatchObject({ count: 12 });
      // Nothing failed is left: a second press retries nothing.
      expect((await as(stack, supervisor.token).post('/api/notifications/retry-failed').expect(202)).body).toEqual({ retried: 0 });
    });
  });
});
