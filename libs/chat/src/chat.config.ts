import { ConfigType } from '@nestjs/config';
import { defineConfigGroup } from '@resetdesk/core';

/** Dev-only fallback; production refuses to start without a real CHAT_WEBHOOK_SECRET. */
const DEV_CHAT_WEBHOOK_SECRET = 'dev-only-chat-webhook-secret';

/** Chat: one HMAC key for the signed webhook in both directions, and where outbound messages go. */
export const chatConfig = defineConfigGroup('chat', (reader, { production }) => ({
  webhookSecret: reader.secret('CHAT_WEBHOOK_SECRET', DEV_CHAT_WEBHOOK_SECRET, production, 16),
  outboundUrl: reader.optionalHttpUrl('CHAT_OUTBOUND_URL'),
}));

export type ChatConfigType = ConfigType<typeof chatConfig>;
