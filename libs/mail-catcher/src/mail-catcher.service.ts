import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { mailConfig, MailConfigType, RequestErrorCode, RequestException } from '@resetdesk/core';
import { CaughtMessage, SmtpSink } from './smtp-sink';

/** The demo's embedded mail catcher (MAIL_CATCHER=true). Configuration refuses it in production. */
@Injectable()
export class MailCatcherService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MailCatcherService.name);
  private readonly sink?: SmtpSink;

  constructor(@Inject(mailConfig.KEY) config: MailConfigType) {
    if (config.catcher.enabled) this.sink = new SmtpSink({ port: config.catcher.port });
  }

  get enabled(): boolean {
    return this.sink !== undefined;
  }

  async onModuleInit(): Promise<void> {
    if (!this.sink) return;
    await this.sink.start();
    this.logger.log(`Mail catcher listening on ${this.sink.url}; read it on the Mailbox page`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sink?.stop();
  }

  list(): CaughtMessage[] {
    return this.requireSink().list();
  }

  get(id: number): CaughtMessage {
    const message = this.requireSink().get(id);
    if (!message) throw new RequestException(RequestErrorCode.NotFound, `Message ${id} is not in the mailbox`);
    return message;
  }

  clear(): void {
    this.requireSink().clear();
  }

  /** A message the chat webhook delivered to a chat id, shown on the Mailbox page beside the emails. */
  catchChatMessage(chatId: string, text: string): CaughtMessage {
    return this.requireSink().record({
      from: 'chat webhook',
      to: [chatId],
      subject: `Chat message to ${chatId}`,
      text,
      html: null,
      messageId: null,
    });
  }

  private requireSink(): SmtpSink {
    if (!this.sink) {
      throw new RequestException(RequestErrorCode.NotFound, 'The mailbox exists only in demo mode (MAIL_CATCHER=true)');
    }
    return this.sink;
  }
}
