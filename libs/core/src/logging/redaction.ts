/**
 * Log paths whose values are replaced with "[redacted]": credentials, codes,
 * tokens and secrets at any of the nesting levels our log objects use.
 */
export const SECRET_KEYS = [
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
  'recoveryCode',
  'recoveryCodes',
  'otpauthUri',
  'qrCode',
  'payload',
  'authorization',
  'cookie',
  // A chat message may carry a password (#resetpassword#…), and the raw body of any webhook is kept for its signature.
  'text',
  'rawBody',
];

export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-resetdesk-signature"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

const SECRET_KEY_SET = new Set(SECRET_KEYS.map((key) => key.toLowerCase()));

/** Whether a field name holds a secret (case-insensitive), for redacting structured data such as audit details. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_SET.has(key.toLowerCase());
}
