import { TestMailbox } from './smtp-sink';
import { as } from './test-stack';
import { waitFor } from './wait-for';

type Api = ReturnType<typeof as>;

export async function openTicket(api: Api, accountId: number, subject = 'Locked out'): Promise<number> {
  return (await api.post('/api/tickets').send({ accountId, subject, channel: 'phone' }).expect(201)).body.id as number;
}

/** Waits until `count` code emails for the ticket arrived; returns the newest with its code. */
export async function codeFromMail(mailbox: TestMailbox, ticketId: number, count = 1) {
  const subject = `Your verification code for support ticket #${ticketId}`;
  await waitFor(() => mailbox.messages.filter((message) => message.subject === subject).length >= count, {
    what: `${count} code email(s)`,
  });
  const mail = mailbox.messages.find((message) => message.subject === subject)!; // newest first
  return { mail, code: /Your verification code: (\d{6})/.exec(mail.text)![1]! };
}

/** Sends a code and enters what the caller would read out: the ticket is `verified` afterwards. */
export async function verifyCaller(api: Api, mailbox: TestMailbox, ticketId: number, codesBefore = 0): Promise<void> {
  await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
  const { code } = await codeFromMail(mailbox, ticketId, codesBefore + 1);
  await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(200);
}

/** The newest reset link emailed for the ticket, and its token. */
export async function resetLinkFromMail(mailbox: TestMailbox, ticketId: number, count = 1) {
  const subject = `Reset your password (support ticket #${ticketId})`;
  await waitFor(() => mailbox.messages.filter((message) => message.subject === subject).length >= count, {
    what: `${count} reset link email(s)`,
  });
  const mail = mailbox.messages.find((message) => message.subject === subject)!;
  const link = /(\S+\/reset\?token=[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  return { mail, link, token: new URL(link).searchParams.get('token')! };
}
