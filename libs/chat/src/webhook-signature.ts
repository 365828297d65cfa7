import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed chat webhook, both directions. */
export const WEBHOOK_TIMESTAMP_HEADER = 'X-ResetDesk-Timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'X-ResetDesk-Signature';

/** `sha256=<hex HMAC-SHA256 of "<unix seconds>.<raw body>">`: the timestamp is signed too, so a replay cannot refresh it. */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

/**
 * The headers of a signed chat webhook carrying the JSON `body`: its type,
 * the timestamp (real wall-clock seconds, which the receiver compares with
 * its own clock to refuse replays) and the signature over both.
 */
export function signedWebhookHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
    [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
  };
}

/** Constant-time check of a signature header against the body and timestamp as received. */
export function isValidWebhookSignature(secret: string, timestamp: string, rawBody: string | Buffer, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
