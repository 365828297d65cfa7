import { actionsInGroup, AUDIT_ACTION_GROUP_KEYS, AUDIT_ACTION_LABELS, AuditAction } from './audit.types';

describe('audit action groups', () => {
  it('put every action in at least one group, so "All …" filters miss nothing', () => {
    const grouped = new Set(AUDIT_ACTION_GROUP_KEYS.flatMap(actionsInGroup));
    expect(Object.values(AuditAction).filter((action) => !grouped.has(action))).toEqual([]);
  });

  it('hold what their names say', () => {
    expect(actionsInGroup('resets')).toEqual(
      expect.arrayContaining([
        'reset.link_issued',
        'reset.temporary_issued',
        'account.password_set',
        'self_service.password_reset',
        'chat.command',
      ]),
    );
    expect(actionsInGroup('resets')).not.toContain('auth.sign_in.succeeded');
    expect(actionsInGroup('sign-ins').every((action) => action.startsWith('auth.'))).toBe(true);
    expect(actionsInGroup('verification')).toEqual(expect.arrayContaining(['verification.code_sent', 'self_service.code_failed']));
  });

  it('name every action in words', () => {
    expect(Object.values(AuditAction).filter((action) => !AUDIT_ACTION_LABELS[action])).toEqual([]);
  });
});
