/** `ldaps://user:pw@host:636/x` → `ldaps://host:636`; an LDAP URL's path and query are not ours to show either. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '';
  }
}
