import { chatConfig, signedWebhookHeaders } from '@resetdesk/chat';
import { parseOptions } from './args';
import { CliCommand, CliError } from './command';

/**
 * Posts a chat message to the API exactly as the chat app would (signed
 * with CHAT_WEBHOOK_SECRET) and prints the reply: for operators testing the
 * integration, and for the demo.
 */
export const chatSendCommand: CliCommand = {
  name: 'chat:send',
  usage: 'chat:send --chat-id ID --text "…" [--url URL]',
  description: 'send a signed chat message (e.g. "#resetpassword#New-Passw0rd") to the API and print the reply; URL defaults to APP_URL',
  async run(args, config) {
    const options = parseOptions(args, ['chat-id', 'text', 'url']);
    if (!options['chat-id']) throw new CliError('--chat-id is required');
    if (options.text === undefined) throw new CliError('--text is required');
    const base = (options.url ?? config.app.url).replace(/\/$/, '');
    const body = JSON.stringify({ chatId: options['chat-id'], text: options.text });
    let response: Response;
    try {
      response = await fetch(`${base}/api/integrations/chat`, {
        method: 'POST',
        headers: signedWebhookHeaders(config.of(chatConfig).webhookSecret, body),
        body,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new CliError(
        `Could not reach ${base}: ${error instanceof Error ? error.message : String(error)} — is the API running (npm run demo or npm start)?`,
      );
    }
    const answer = (await response.json().catch(() => ({}))) as { reply?: string; message?: string };
    if (!response.ok) throw new CliError(`The API answered ${response.status}: ${answer.message ?? 'no message'}`);
    return `Reply: ${answer.reply ?? ''}`;
  },
};
