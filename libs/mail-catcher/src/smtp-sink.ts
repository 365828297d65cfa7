import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMessage {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
}

export interface SmtpSinkOptions {
  port?: number;
  host?: string;
  /** Keep at most this many messages (oldest dropped first). */
  capacity?: number;
}

/**
 * A local SMTP server that accepts every message and keeps it in memory.
 * The demo's Mailbox and the test suite both read from it; it never relays.
 */
export class SmtpSink {
  private readonly messages: CaughtMessage[] = [];
  private readonly listeners = new Set<(message: CaughtMessage) => void>();
  private server?: SMTPServer;
  private nextId = 1;
  private boundPort = 0;

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.boundPort}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      // Pooled clients keep connections open; do not wait for them on stop.
      closeTimeout: 200,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.store(parsed);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.server.once('error', onError);
      // After a stop, listen on the same port again so clients configured with it reconnect.
      server.listen(this.boundPort || this.options.port || 0, this.options.host ?? '127.0.0.1', () => {
        server.server.off('error', onError);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
  }

  /** Stops listening; caught messages stay readable and `start` resumes on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  list(): CaughtMessage[] {
    return [...this.messages].reverse();
  }

  get(id: number): CaughtMessage | undefined {
    return this.messages.find((message) => message.id === id);
  }

  clear(): void {
    this.messages.length = 0;
  }

  onMessage(listener: (message: CaughtMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keeps a message that did not come over SMTP (the demo's chat webhook). */
  record(message: Omit<CaughtMessage, 'id' | 'receivedAt'>): CaughtMessage {
    const caught: CaughtMessage = { id: this.nextId++, receivedAt: new Date().toISOString(), ...message };
    this.keep(caught);
    return caught;
  }

  private store(parsed: Awaited<ReturnType<typeof simpleParser>>): void {
    const to = [parsed.to ?? []].flat().flatMap((address) => address.value.map((entry) => entry.address ?? ''));
    const message: CaughtMessage = {
      id: this.nextId++,
      receivedAt: new Date().toISOString(),
      from: parsed.from?.text ?? '',
      to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : null,
      messageId: parsed.messageId ?? null,
    };
    this.keep(message);
  }

  private keep(message: CaughtMessage): void {
    this.messages.push(message);
    const capacity = this.options.capacity ?? 500;
    if (this.messages.length > capacity) this.messages.splice(0, this.messages.length - capacity);
    for (const listener of this.listeners) listener(message);
  }
}
