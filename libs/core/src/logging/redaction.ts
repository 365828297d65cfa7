/**
 * Log paths whose values are replaced with "[redacted]": credentials, codes,
 * tokens and secrets at any of the nesting levels our log objects use.
 */
const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'confirmPassword',
  'temporaryPassword',
  'code',
  'token',
  'accessToken',
  'refreshToken',
  'mfaToken',
  'secret',
  'totpSecret',
  'payload',
  'authorization',
  'cookie',
];

export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-chat-signature"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];
