import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { chatConfig } from './chat.config';
import { ChatTransport } from './chat-transport.service';
import { SignedWebhookGuard, SignedWebhookVerifier } from './signed-webhook.guard';

/**
 * The chat channel: ResetDesk's signed webhook in both directions — the guard
 * that checks an inbound message, and the transport that posts codes and
 * notices to CHAT_OUTBOUND_URL. Platform adapters belong here too.
 */
@Module({
  imports: [ConfigModule.forFeature(chatConfig)],
  providers: [ChatTransport, SignedWebhookVerifier, SignedWebhookGuard],
  exports: [ChatTransport, SignedWebhookVerifier, SignedWebhookGuard],
})
export class ChatModule {}
