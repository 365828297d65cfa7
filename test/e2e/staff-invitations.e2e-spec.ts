import { AuditEventEntity } from '@resetdesk/audit';
import { useDesk } from '../support/desk';
import { waitFor } from '../support/wait-for';

const SUBJECT = 'Your ResetDesk staff account: choose your password';
const CHOSEN = 'Granite-orchard-48-swift';

/** A new staff member chooses their own password from an emailed link; no admin ever knows it. */
describe('staff invitations', () => {
  const desk = useDesk();

  const invite = (email: string, role = 'agent') =>
    desk.admin.post('/api/staff').send({ email, name: 'Sam Newcomer', role, invite: true }).expect(201);
  /** The token of the newest invitation email to `email`: mails may arrive in any order, so the one not seen before. */
  const seen = new Set<string>();
  const tokenFor = async (email: string, count = 1) => {
    await waitFor(() => desk.mailbox.messagesTo(email).filter((mail) => mail.subject === SUBJECT).length >= count, {
      what: `${count} invitation email(s) to ${email}`,
    });
    const mails = desk.mailbox.messagesTo(email).filter((message) => message.subject === SUBJECT);
    const tokens = mails.map((mail) =>
      new URL(/https?:\/\/\S+\/admin\/invitation\?token=[\w-]+/.exec(mail.text)![0]).searchParams.get('token')!,
    );
    const index = tokens.findIndex((token) => !seen.has(token));
    seen.add(tokens[index]!);
    return { mail: mails[index]!, token: tokens[index]! };
  };
  const http = () => desk.stack.http;
  const signIn = (email: string, password: string) => http().post('/api/auth/login').send({ email, password });

  it('invites, lets the member choose a password once under the staff rules, and they sign in with it', async () => {
    const created = (await invite('sam@example.com')).body;
    expect(created).toMatchObject({ email: 'sam@example.com', invitationExpiresAt: expect.any(String) });
    const { mail, token } = await tokenFor('sam@example.com');
    expect(mail.text).toMatch(/Test admin added you to ResetDesk as agent/);
    expect(mail.text).toContain('expires in 72 hours');

    expect((await http().post('/api/auth/invitation/inspect').send({ token }).expect(200)).body).toEqual({
      email: 'sam@example.com',
      name: 'Sam Newcomer',
      expiresAt: created.invitationExpiresAt,
    });
    // A weak password is refused by rule, and the link still works.
    const weak = await http().post('/api/auth/invitation/accept').send({ token, password: 'samnewcomer1' }).expect(422);
    expect(weak.body).toMatchObject({ code: 'STAFF_WEAK_PASSWORD' });

    // Ten uses at once: one sets the password, the others find the link used.
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => http().post('/api/auth/invitation/accept').send({ token, password: CHOSEN })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, ...Array(9).fill(410)]);
    expect(answers.find((answer) => answer.status === 410)!.body).toMatchObject({ code: 'STAFF_INVITATION_INVALID' });
    await http().post('/api/auth/invitation/inspect').send({ token }).expect(410);

    await signIn('sam@example.com', CHOSEN).expect(200);
    expect((await desk.admin.get(`/api/staff/${created.id}`).expect(200)).body.invitationExpiresAt).toBeNull();
    const events = await desk.stack.dataSource.getRepository(AuditEventEntity).find({ order: { id: 'ASC' } });
    expect(events.map((event) => event.action)).toEqual(
      expect.arrayContaining(['staff.created', 'staff.invited', 'staff.invitation_accepted']),
    );
    expect(JSON.stringify(events)).not.toContain(token);
    expect(JSON.stringify(events)).not.toContain(CHOSEN);
  });

  it('sending again replaces the link; disabling the member ends it; a signed-in member needs none', async () => {
    const { id } = (await invite('ria@example.com')).body;
    const first = (await tokenFor('ria@example.com')).token;
    await desk.admin.post(`/api/staff/${id}/invitation`).expect(200);
    const second = (await tokenFor('ria@example.com', 2)).token;
    await http().post('/api/auth/invitation/inspect').send({ token: first }).expect(410);
    await http().post('/api/auth/invitation/inspect').send({ token: second }).expect(200);

    await desk.admin.put(`/api/staff/${id}`).send({ disabled: true }).expect(200);
    await http().post('/api/auth/invitation/accept').send({ token: second, password: CHOSEN }).expect(410);
    expect((await desk.admin.post(`/api/staff/${id}/invitation`).expect(409)).body.message).toBe(
      'ria@example.com is disabled; enable them first',
    );

    await desk.admin.put(`/api/staff/${id}`).send({ disabled: false }).expect(200);
    const third = (await desk.admin.post(`/api/staff/${id}/invitation`).expect(200)).body;
    expect(third.invitationExpiresAt).toEqual(expect.any(String));
    const token = (await tokenFor('ria@example.com', 3)).token;
    await http().post('/api/auth/invitation/accept').send({ token, password: CHOSEN }).expect(204);
    await signIn('ria@example.com', CHOSEN).expect(200);
    expect((await desk.admin.post(`/api/staff/${id}/invitation`).expect(409)).body).toMatchObject({
      code: 'STAFF_INVITATION_NOT_NEEDED',
      message: 'ria@example.com has signed in already',
    });
  });

  it('an invitation to a member with an admin-set password replaces it; a link is dead once its member signed in', async () => {
    const { id } = (
      await desk.admin
        .post('/api/staff')
        .send({ email: 'lee@example.com', name: 'Lee', role: 'agent', password: 'Quartz-meadow-37-calm' })
        .expect(201)
    ).body;
    await desk.admin.post(`/api/staff/${id}/invitation`).expect(200);
    // The password the admin knew is gone: the link is the only way in.
    await signIn('lee@example.com', 'Quartz-meadow-37-calm').expect(401);
    const { token } = await tokenFor('lee@example.com');
    await http().post('/api/auth/invitation/inspect').send({ token }).expect(200);
    // Had they signed in some other way meanwhile, the link would be past its use.
    await desk.stack.dataSource.query('UPDATE staff SET last_login_at = NOW(3) WHERE id = ?', [id]);
    await http().post('/api/auth/invitation/accept').send({ token, password: CHOSEN }).expect(410);
  });

  it('refuses a password and an invitation together, neither, and a made-up token', async () => {
    const body = { email: 'x@example.com', name: 'X', role: 'agent' };
    expect(
      (
        await desk.admin
          .post('/api/staff')
          .send({ ...body, invite: true, password: CHOSEN })
          .expect(400)
      ).body.message,
    ).toBe('Give either a password or invite: true, not both');
    expect((await desk.admin.post('/api/staff').send(body).expect(400)).body.message).toBe('password is required unless invite is true');
    expect(
      (
        await desk.admin
          .post('/api/staff')
          .send({ ...body, invite: 'yes' })
          .expect(400)
      ).body.message,
    ).toBe('invite must be true or false');
    await http()
      .post('/api/auth/invitation/inspect')
      .send({ token: 'x'.repeat(43) })
      .expect(410);
    expect((await http().post('/api/auth/invitation/accept').send({ token: 'abc' }).expect(400)).body.message).toBe(
      'password must be text',
    );
    expect(Number((await desk.stack.dataSource.query("SELECT COUNT(*) AS n FROM staff WHERE email = 'x@example.com'"))[0].n)).toBe(0);
  });
});
