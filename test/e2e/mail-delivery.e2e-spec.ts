import { MailDeliveryService, NotificationRepository, OutboxService } from '@resetdesk/mail';
import { simpleParser } from 'mailparser';
import { QueryFailedError } from 'typeorm';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

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
          this.received.push({
            to: parsed.to
              ? [parsed.to]
                  .flat()
                  .map((a) => a.text)
                  .join(',')
              : '',
            messageId: parsed.messageId ?? null,
          });
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

  /** Every DATA is kept unanswered until `release` is called, then accepted. */
  holdNext(): () => void {
    let release!: () => void;
    this.hold = new Promise((resolve) => (release = resolve));
    return () => {
      release();
      this.hold = undefined;
    };
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

describe('mail delivery: attempts and Message-ID', () => {
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
      expect(during).toMatchObject({
        status: 'queued',
        attempts: 1,
        lastAttemptAt: expect.any(String),
        messageId: expect.stringMatching(/^<notification\.\d+\.[0-9a-z]+@desk\.example\.com>$/),
      });
      release();

      const repository = stack.api.get(NotificationRepository);
      await waitFor(async () => (await repository.findById(id!))?.status === 'sent', { what: 'the second attempt to be sent' });
      expect(smtp.received).toHaveLength(2);
      expect(smtp.received[1]!.messageId).toBe(smtp.received[0]!.messageId);
      const after = (await supervisor.get(`/api/notifications/${id}`).expect(200)).body;
      expect(after).toMatchObject({ status: 'sent', attempts: 2, messageId: smtp.received[0]!.messageId });
      // The delivery log lists it with both attempts.
      const listed = await supervisor
        .get('/api/notifications')
        .query({ filter: JSON.stringify({ id: [id] }) })
        .expect(200);
      expect(listed.body).toEqual([expect.objectContaining({ id, attempts: 2, lastAttemptAt: expect.any(String) })]);
    });

    it('never sends alongside an attempt still under way (a job re-run as stalled mid-send): one copy, the other attempt waits', async () => {
      smtp.received.length = 0;
      const release = smtp.holdNext();
      const id = await stack.dataSource.transaction((manager) =>
        stack.api.get(OutboxService).enqueue(manager, { kind: 'test-email', to: 'once@example.com', data: { requestedAt: 'now' } }),
      );
      await waitFor(() => smtp.received.length === 1, { what: 'the first attempt to reach the server' });

      // What BullMQ does when a busy worker misses its lock renewal: the same job runs again while the first still sends.
      const rerun = stack.worker!.get(MailDeliveryService).deliver(id!, { attempt: 1, maxAttempts: 5 });
      await expect(rerun).rejects.toThrow(/is being sent by another attempt/);
      expect(smtp.received).toHaveLength(1);

      release();
      const repository = stack.api.get(NotificationRepository);
      await waitFor(async () => (await repository.findById(id!))?.status === 'sent', { what: 'the first attempt to finish' });
      expect(await stack.worker!.get(MailDeliveryService).deliver(id!, { attempt: 2, maxAttempts: 5 })).toBe('already-sent');
      expect(smtp.received).toHaveLength(1);
      expect(await repository.findById(id!)).toMatchObject({ attempts: 1, sendingUntil: null });
    });

    /** What MariaDB answers the victim of a lock cycle (the scan's multi-row inserts meet the worker's updates). */
    const deadlock = () =>
      new QueryFailedError(
        'UPDATE notifications',
        [],
        Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 }),
      );

    it('keeps a delivered email delivered when marking it sent first meets a deadlock: one copy, one attempt', async () => {
      smtp.received.length = 0;
      const repository = stack.worker!.get(NotificationRepository);
      const markSent = jest.spyOn(repository, 'markSent').mockRejectedValueOnce(deadlock());
      try {
        const id = await stack.dataSource.transaction((manager) =>
          stack.api.get(OutboxService).enqueue(manager, { kind: 'test-email', to: 'deadlock@example.com', data: { requestedAt: 'now' } }),
        );
        await waitFor(async () => (await repository.findById(id!))?.status === 'sent', { what: 'the notification to be sent' });
        expect(markSent).toHaveBeenCalledTimes(2);
        expect(smtp.received.filter((mail) => mail.to.includes('deadlock@example.com'))).toHaveLength(1);
        expect(await repository.findById(id!)).toMatchObject({ attempts: 1, sendingUntil: null, lastError: null });
      } finally {
        markSent.mockRestore();
      }
    });

    it('never frees a delivered email for another send when marking it sent fails: the lease holds the row', async () => {
      smtp.received.length = 0;
      const repository = stack.worker!.get(NotificationRepository);
      const delivery = stack.worker!.get(MailDeliveryService);
      // The row is delivered by hand here, so the worker's own job must not pick it up first.
      const id = await stack.dataSource.transaction((manager) =>
        stack.api.get(OutboxService).enqueue(manager, { kind: 'test-email', to: 'lost-ack@example.com', data: { requestedAt: 'now' } }),
      );
      await waitFor(async () => (await repository.findById(id!))?.status === 'sent', { what: 'the worker to send the first one' });
      smtp.received.length = 0;
      await stack.dataSource.query("UPDATE notifications SET status = 'queued', sent_at = NULL WHERE id = ?", [id]);
      const markSent = jest
        .spyOn(repository, 'markSent')
        .mockRejectedValue(new Error('Connection lost: The server closed the connection.'));
      try {
        await expect(delivery.deliver(id!, { attempt: 1, maxAttempts: 5 })).rejects.toThrow(/Connection lost/);
        expect(smtp.received).toHaveLength(1);
        // The next attempt finds the lease of the one that sent, and waits instead of sending a second copy.
        await expect(delivery.deliver(id!, { attempt: 2, maxAttempts: 5 })).rejects.toThrow(/is being sent by another attempt/);
        expect(smtp.received).toHaveLength(1);
        expect(await repository.findById(id!)).toMatchObject({ status: 'queued', sendingUntil: expect.any(Date) });
      } finally {
        markSent.mockRestore();
      }
    });
  });
});
