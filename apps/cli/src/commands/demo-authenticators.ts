import { INestApplicationContext } from '@nestjs/common';
import { AccountsRepository } from '@resetdesk/accounts';
import { Clock, RequestContext, TotpService } from '@resetdesk/core';
import { HolderAuthenticatorService } from '@resetdesk/verification';
import { demoPeople } from './demo-people';

/** How many demo holders get an authenticator app: the first of the demo people (the first one is privileged). */
const DEMO_AUTHENTICATOR_HOLDERS = 3;
const CLI_CONTEXT: RequestContext = { ip: null, userAgent: 'resetdesk-cli demo:seed' };

export function demoAuthenticatorUsernames(): string[] {
  return demoPeople()
    .slice(0, DEMO_AUTHENTICATOR_HOLDERS)
    .map((person) => person.username);
}

/**
 * Enrolls an authenticator app for a few demo holders the way a holder does on the portal: a new secret, then a
 * code from it confirms the enrollment (audited, and the holder's confirmation email lands in the Mailbox).
 */
export async function seedDemoAuthenticators(app: INestApplicationContext): Promise<string[]> {
  const accounts = app.get(AccountsRepository);
  const authenticators = app.get(HolderAuthenticatorService);
  const totp = app.get(TotpService);
  const clock = app.get(Clock);
  const enrolled: string[] = [];
  for (const username of demoAuthenticatorUsernames()) {
    const account = await accounts.findByUsername(username);
    if (!account || (await authenticators.state(account.id)).enrolled) continue;
    const enrollment = await authenticators.begin(account, CLI_CONTEXT);
    const { code } = await totp.codeAt(enrollment.secret, clock.now().getTime() / 1000);
    await authenticators.confirm(enrollment.enrollmentToken, code, CLI_CONTEXT);
    enrolled.push(username);
  }
  return enrolled;
}
