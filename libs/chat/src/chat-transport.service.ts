import { Inject, Injectable } from '@nestjs/common';
import { chatConfig, ChatConfigType } from './chat.config';
import { signedWebhookHeaders } from './webhook-signature';

const CHAT_TIMEOUT_MS = 10_000;

/**
 * Posts a message for a linked chat id to CHAT_OUTBOUND_URL as
 * `{chatId, text}`, signed like the inbound chat webhook, so the chat app
 * can check it came from ResetDesk. Any answer but 2xx is a failed attempt.
 */
@Injectable()
export class ChatTransport {
  constructor(@Inject(chatConfig.KEY) private readonly config: ChatConfigType) {}

  /** Codes and notices can go to linked chat ids (CHAT_OUTBOUND_URL is set). */
  get enabled(): boolean {
    return Boolean(this.config.outboundUrl);
  }

  async send(chatId: string, text: string): Promise<{ messageId: string | null }> {
    if (!this.config.outboundUrl) throw new Error('Chat delivery is not configured: CHAT_OUTBOUND_URL is not set');
    const body = JSON.stringify({ chatId, text });
    const response = await fetch(this.config.outboundUrl, {
      method: 'POST',
      headers: signedWebhookHeaders(this.config.webhookSecret, body),
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(CHAT_TIMEOUT_MS),
    });
    const answer = (await response.json().catch(() => null)) as { messageId?: unknown } | null;
    if (!response.ok) throw new Error(`The chat webhook answered ${response.status} ${response.statusText}`.trim());
    return { messageId: typeof answer?.messageId === 'string' ? answer.messageId.slice(0, 255) : null };
  }
}
