import { holderNotice } from './holder-notice';
import { formatUtc } from './reset-confirmation.template';

export interface ContactDetailsChangedData {
  displayName: string;
  /** What happened to the personal email on record. */
  change: 'added' | 'changed' | 'removed';
  /** ISO time of the change. */
  at: string;
  /** Who made it: our support team (an admin's edit) or the holder on the portal (proved by password and a code). Older rows: support. */
  by?: 'support' | 'portal';
}

const WHAT: Record<ContactDetailsChangedData['change'], string> = {
  added: 'a personal email address was added to your account',
  changed: 'the personal email address on your account was changed',
  removed: 'the personal email address was removed from your account',
};

/**
 * To the login email (and the personal address it replaces): a channel codes may go to changed. Never names the
 * new address, which may be an attacker's; the holder learns that something changed and whom to call.
 */
export const contactDetailsChangedTemplate = holderNotice<ContactDetailsChangedData>({
  subject: () => 'Your contact details changed',
  sentence: (data) =>
    `on ${formatUtc(data.at)} ${WHAT[data.change]} ${data.by === 'portal' ? 'on our self-service portal, with your password' : 'by our support team'}. Verification codes may be sent to the addresses on your account.`,
  ifNotYou: 'If you did not ask for this, contact our support team at once.',
});
