export * from './chat.config';
export * from './chat-transport.service';
export * from './chat.module';
export * from './signed-webhook.guard';
export * from './webhook-signature';
