import { Module } from '@nestjs/common';
import { ChatTransport } from './chat-transport.service';
import { SignedWebhookGuard } from './signed-webhook.guard';

/**
 * The chat channel: ResetDesk's signed webhook in both directions — the guard
 * that checks an inbound message, and the transport that posts codes and
 * notices to CHAT_OUTBOUND_URL. Platform adapters belong here too.
 */
@Module({
  providers: [ChatTransport, SignedWebhookGuard],
  exports: [ChatTransport, SignedWebhookGuard],
})
export class ChatModule {}
