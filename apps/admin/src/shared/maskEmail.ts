/** `dana@example.com` → `d•••@example.com`: enough to read back to a caller, not to hand their address to anyone listening. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
