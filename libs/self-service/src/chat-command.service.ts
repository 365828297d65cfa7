import { Injectable } from '@nestjs/common';
import { accountActor, AccountEntity, AccountErrorCode, AccountException, AccountsRepository, PasswordSetter } from '@resetdesk/accounts';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, RateLimit, RateLimiter, RequestContext } from '@resetdesk/core';
import { ResetCompletion } from '@resetdesk/resets';
import { DataSource } from 'typeorm';
import { ChatMessageDto, ChatReplyDto } from './dto/chat-message.dto';
import { enforceLimit } from './self-service.limits';
import { DirectoryErrorCode, DirectoryException } from '@resetdesk/directory';

/** The customer's chat sends exactly this prefix, in this case, with the new password right after it. */
export const RESET_COMMAND_PREFIX = '#resetpassword#';
// Per chat id as the database compares it (byte for byte), and per account whichever id reached it.
export const CHAT_MESSAGES: RateLimit = { bucket: 'chat:messages', limit: 5, windowSeconds: 60, subject: 'exact' };
export const CHAT_MESSAGES_PER_ACCOUNT: RateLimit = { bucket: 'chat:account', limit: 5, windowSeconds: 60 };

export const CHAT_REPLIES = {
  help: `To choose a new password, send ${RESET_COMMAND_PREFIX} followed by the new password, e.g. ${RESET_COMMAND_PREFIX}My-new-Passw0rd. For anything else, contact support.`,
  notLinked: 'This chat is not linked to an account we look after, so there is nothing we can do here. Contact support if you need help.',
  reset: 'Done: your password has been changed. A confirmation email is on its way to the address we have for you.',
} as const;

/**
 * The chat command: `#resetpassword#<new password>` from a chat id linked to
 * an account sets that account's password through the shared service. The
 * reply says what happened or which rules failed; the password reaches no
 * log and no audit detail.
 */
@Injectable()
export class ChatCommandService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly passwords: PasswordSetter,
    private readonly limiter: RateLimiter,
    private readonly completion: ResetCompletion,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async handle(message: ChatMessageDto, context: RequestContext): Promise<ChatReplyDto> {
    const tooMany = (wait: number) => `Too many messages from this chat; wait ${wait} s`;
    await enforceLimit(this.limiter, CHAT_MESSAGES, message.chatId, tooMany);
    const account = await this.accounts.findByChatId(message.chatId);
    if (!account || account.status === 'disabled') return { reply: CHAT_REPLIES.notLinked };
    await enforceLimit(this.limiter, CHAT_MESSAGES_PER_ACCOUNT, String(account.id), tooMany);
    if (!message.text.startsWith(RESET_COMMAND_PREFIX)) return { reply: CHAT_REPLIES.help };
    // Everything after the prefix is the password, except the line break a chat client may add.
    const password = message.text.slice(RESET_COMMAND_PREFIX.length).replace(/[\r\n]+$/, '');
    if (!password) return { reply: CHAT_REPLIES.help };
    return this.resetPassword(account, password, context);
  }

  private async resetPassword(account: AccountEntity, password: string, context: RequestContext): Promise<ChatReplyDto> {
    const now = this.clock.now();
    try {
      await this.passwords.setPassword(account, password, {
        actor: accountActor(account),
        context,
        reason: 'chat',
        alsoInTransaction: async (manager) => {
          const completed = await this.completion.complete(manager, account, now, context);
          await this.audit.record(manager, {
            actor: accountActor(account),
            action: AuditAction.ChatCommand,
            target: { type: 'account', id: account.id },
            accountId: account.id,
            context,
            details: {
              command: 'resetpassword',
              outcome: 'reset',
              revokedLinks: completed.links,
              revokedCodes: completed.codes,
              resolvedTickets: completed.resolvedTickets,
            },
          });
        },
      });
      return { reply: CHAT_REPLIES.reset };
    } catch (error) {
      // The directory away or refusing for its own reasons: the holder still gets an answer in the chat (the setter audited it).
      if (error instanceof DirectoryException) {
        return {
          reply:
            error.code === DirectoryErrorCode.Unavailable
              ? 'Your password was not changed: the directory could not be reached just now. Try again in a few minutes.'
              : 'Your password was not changed: the directory refused the change. Contact support.',
        };
      }
      if (!(error instanceof AccountException) || error.code !== AccountErrorCode.PasswordRejected) throw error;
      await this.dataSource.transaction((manager) =>
        this.audit.record(manager, {
          actor: accountActor(account),
          action: AuditAction.ChatCommand,
          target: { type: 'account', id: account.id },
          accountId: account.id,
          context,
          details: { command: 'resetpassword', outcome: 'rejected', failedRules: error.details.failedRules },
        }),
      );
      return { reply: `Your password was not changed. ${error.message}.` };
    }
  }
}
