import { holderNotice } from './holder-notice';
import { formatUtc } from './reset-confirmation.template';

export interface AuthenticatorChangedData {
  displayName: string;
  change: 'enrolled' | 'replaced' | 'removed';
  /** ISO time of the change. */
  at: string;
}

const WHAT: Record<AuthenticatorChangedData['change'], string> = {
  enrolled: 'an authenticator app was set up for your account',
  replaced: 'a new authenticator app replaced the one set up for your account',
  removed: 'the authenticator app was removed from your account',
};

/** Sent after every enrollment, replacement or removal, so a change the holder did not make is noticed. */
export const authenticatorChangedTemplate = holderNotice<AuthenticatorChangedData>({
  subject: (data) => (data.change === 'removed' ? 'Authenticator app removed' : 'Authenticator app set up'),
  sentence: (data) => `on ${formatUtc(data.at)} ${WHAT[data.change]}. Our support staff use its codes to check that a caller is you.`,
  ifNotYou: 'If this was not you, contact our support team at once.',
});
