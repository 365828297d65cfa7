import { AccountsRepository } from '@resetdesk/accounts';
import { Clock } from '@resetdesk/core';
import { HolderAuthenticatorService } from '@resetdesk/verification';
import { parseOptions } from './args';
import { CliCommand, CliError } from './command';
import { withApp } from './with-app';

/**
 * What a demo holder's authenticator app shows now, for a tryer without that phone: read it out on a ticket as the
 * caller would. It reads a holder's secret, so it exists for the demo only and is refused in production.
 */
export const demoAuthenticatorCodeCommand: CliCommand = {
  name: 'demo:authenticator-code',
  usage: 'demo:authenticator-code --username U',
  description: "print the code a demo holder's authenticator app shows now (refused in production)",
  async run(args, config) {
    if (config.app.env === 'production') throw new CliError('demo:authenticator-code is refused when NODE_ENV=production');
    const options = parseOptions(args, ['username']);
    if (!options.username) throw new CliError('--username is required');
    const username = options.username;
    return withApp(async (app) => {
      const account = await app.get(AccountsRepository).findByUsername(username);
      if (!account) throw new CliError(`No account is named ${username}`);
      const shown = await app.get(HolderAuthenticatorService).demoCode(account.id, app.get(Clock).now());
      if (!shown) throw new CliError(`${username} has no authenticator app set up (the portal's Authenticator app page sets one up)`);
      return shown.next
        ? `${shown.code}  (the app shows it in ${shown.secondsLeft} s; the code it shows now was used already, and each code verifies once)`
        : `${shown.code}  (the app shows it for ${shown.secondsLeft} more s; each code verifies once)`;
    });
  },
};
