/**
 * The `Message-ID` of a notification's email: derived from the row (its id
 * and creation time, so two installations sharing a sender domain do not
 * collide) and the sender's domain, so every attempt of one notification
 * carries the same one and mail systems can drop a copy a crash re-sent.
 */
export function notificationMessageId(notification: { id: number; createdAt: Date }, domain: string): string {
  return `<notification.${notification.id}.${notification.createdAt.getTime().toString(36)}@${domain}>`;
}

/** The domain of MAIL_FROM's address, or APP_URL's host when the sender has none (RFC 5322 ids need one). */
export function messageIdDomain(mailFrom: string, appUrl: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  const domain = address.includes('@') ? address.slice(address.lastIndexOf('@') + 1).trim() : '';
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain.toLowerCase() : new URL(appUrl).hostname;
}
