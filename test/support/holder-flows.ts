import { AccountEntity } from '@resetdesk/accounts';
import { AuditEventEntity } from '@resetdesk/audit';
import { signedWebhookHeaders } from '@resetdesk/chat';
import { chatConfig, ChatConfigType } from '@resetdesk/chat';
import { TestMailbox } from './smtp-sink';
import { as, TestStack } from './test-stack';
import { openTicket, resetLinkFromMail, verifyCaller } from './tickets';

type Api = ReturnType<typeof as>;

/** What the flows act on; a getter, because suites replace the agent and the account before each test. */
export interface HolderDesk {
  stack: TestStack;
  mailbox: TestMailbox;
  agent: Api;
  accountId: number;
}

/**
 * The steps the directory suites walk a holder through, the same against
 * OpenLDAP and Active Directory: a verified ticket, a reset link, the portal,
 * the chat command, and what the audit trail says about the account.
 */
export function holderFlows(desk: () => HolderDesk) {
  const verifiedTicket = async () => {
    const { agent, mailbox, accountId } = desk();
    const ticketId = await openTicket(agent, accountId);
    await verifyCaller(agent, mailbox, ticketId);
    return ticketId;
  };
  return {
    account: () => desk().stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: desk().accountId }),
    events: (action: string) =>
      desk()
        .stack.dataSource.getRepository(AuditEventEntity)
        .find({ where: { accountId: desk().accountId, action }, order: { id: 'ASC' } }),
    verifiedTicket,
    linkFor: async (ticketId: number) => {
      await desk().agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
      return (await resetLinkFromMail(desk().mailbox, ticketId)).token;
    },
    redeem: (token: string, newPassword: string) => desk().stack.http.post('/api/self-service/reset').send({ token, newPassword }),
    /** The chat command as the chat app posts it: raw JSON signed over "<timestamp>.<body>". */
    chat: (chatId: string, text: string) => {
      const { stack } = desk();
      const secret = stack.api.get<ChatConfigType>(chatConfig.KEY).webhookSecret;
      const body = JSON.stringify({ chatId, text });
      return stack.http.post('/api/integrations/chat').set(signedWebhookHeaders(secret, body)).send(body);
    },
    /** Forgot-password by emailed code, start to finish. */
    forgotPassword: async (email: string, newPassword: string) => {
      const { stack, mailbox } = desk();
      await stack.http.post('/api/self-service/forgot-password').send({ email }).expect(202);
      const mail = await mailbox.waitForMessage((message) => message.subject === 'Your password reset code');
      const code = /Your password reset code: (\d{6})/.exec(mail.text)![1]!;
      return stack.http.post('/api/self-service/forgot-password/verify').send({ email, code, newPassword });
    },
  };
}

/** Links an account to its directory entry the way the sync records it: DN and stable id. */
export async function linkToEntry(stack: TestStack, accountId: number, dn: string, directoryId: string): Promise<void> {
  await stack.dataSource.getRepository(AccountEntity).update({ id: accountId }, { directoryDn: dn, directoryId });
}

/**
 * ResetDesk's default policy made weaker than the domain's (one character class is enough), so that the directory
 * is the one to refuse a password with its own rule.
 */
export async function letTheDirectoryJudgeClasses(admin: Api): Promise<void> {
  const policies = (await admin.get('/api/password-policies').expect(200)).body as { id: number; isDefault: boolean }[];
  await admin
    .put(`/api/password-policies/${policies.find((policy) => policy.isDefault)!.id}`)
    .send({ minClasses: 1 })
    .expect(200);
}
