import { parseConfig, parseConfigGroups } from '@resetdesk/core';
import type { ChatConfigType } from './chat.config';
import './chat.config';

const chat = (env: Record<string, string>) => parseConfigGroups(env).chat as ChatConfigType;
const production = { NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.com:587', DATA_KEY: Buffer.alloc(32, 9).toString('base64') };

describe('chat configuration', () => {
  it('has no outbound chat unless CHAT_OUTBOUND_URL is set, and then only an http(s) one', () => {
    expect(chat({}).outboundUrl).toBeUndefined();
    expect(chat({ CHAT_OUTBOUND_URL: 'https://chat.example.org/hook' }).outboundUrl).toBe('https://chat.example.org/hook');
    expect(() => chat({ CHAT_OUTBOUND_URL: 'ftp://chat.example.org' })).toThrow(/CHAT_OUTBOUND_URL must use http: or https:/);
  });

  it('requires a real webhook secret in production', () => {
    expect(() => parseConfig(production)).toThrow(/CHAT_WEBHOOK_SECRET is required/);
    expect(() => parseConfig({ ...production, CHAT_WEBHOOK_SECRET: 'dev-only-chat-webhook-secret' })).toThrow(
      /CHAT_WEBHOOK_SECRET must not be the development default/,
    );
    expect(() => parseConfig({ ...production, CHAT_WEBHOOK_SECRET: 'short' })).toThrow(
      /CHAT_WEBHOOK_SECRET must be at least 16 characters/,
    );
    expect(chat({ ...production, JWT_SECRET: 'x'.repeat(40), CHAT_WEBHOOK_SECRET: 'y'.repeat(32) }).webhookSecret).toBe('y'.repeat(32));
  });
});
