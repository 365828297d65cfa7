import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { mailConfig, MailConfigType } from '@resetdesk/core';
import { createTransport, Transporter } from 'nodemailer';

export interface OutgoingMessage {
  to: string;
  /** Stable per notification, so a re-send is recognisable as the same message. */
  messageId?: string;
  subject: string;
  html: string;
  text: string;
}

/** A pooled SMTP connection to SMTP_URL. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;

  constructor(@Inject(mailConfig.KEY) private readonly config: MailConfigType) {
    this.transporter = createTransport({
      url: config.smtpUrl,
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // The pool would otherwise re-send a message by itself when a connection closes mid-send — possibly after the
      // server took it — invisibly. Failing the attempt instead lets the delivery job retry it as a counted attempt.
      maxRequeues: 0,
    });
  }

  async send(message: OutgoingMessage): Promise<{ messageId: string | null }> {
    const info = (await this.transporter.sendMail({ ...message, from: this.config.from })) as { messageId?: string };
    return { messageId: info.messageId ?? null };
  }

  /** Connects and authenticates without sending; used by the System page. */
  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
