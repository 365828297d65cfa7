import { CaughtMessage, SmtpSink } from '@resetdesk/mail-catcher';
import { waitFor } from './wait-for';

/** An SMTP server in the test process that tests can await messages from, and take down and bring back. */
export class TestMailbox {
  private constructor(private readonly sink: SmtpSink) {}

  /** `capacity`: how many messages it keeps (the newest; 500 unless told). */
  static async start({ capacity }: { capacity?: number } = {}): Promise<TestMailbox> {
    const sink = new SmtpSink(capacity === undefined ? {} : { capacity });
    await sink.start();
    return new TestMailbox(sink);
  }

  get url(): string {
    return this.sink.url;
  }

  get messages(): CaughtMessage[] {
    return this.sink.list();
  }

  messagesTo(address: string): CaughtMessage[] {
    return this.messages.filter((message) => message.to.includes(address));
  }

  waitForMessage(predicate: (message: CaughtMessage) => boolean, timeoutMs = 10_000): Promise<CaughtMessage> {
    return waitFor(() => this.messages.find(predicate), { timeoutMs, what: 'an email in the test mailbox' });
  }

  /** Simulates an SMTP outage: connections are refused until `resume`. */
  pause(): Promise<void> {
    return this.sink.stop();
  }

  resume(): Promise<void> {
    return this.sink.start();
  }

  clear(): void {
    this.sink.clear();
  }

  stop(): Promise<void> {
    return this.sink.stop();
  }
}
