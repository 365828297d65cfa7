import LockOpenIcon from '@mui/icons-material/LockOpen';
import MailIcon from '@mui/icons-material/ForwardToInbox';
import PhonelinkEraseIcon from '@mui/icons-material/PhonelinkErase';
import { useState } from 'react';
import { Button, Confirm, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { errorMessage, postJson } from '../httpClient';
import { CurrentPasswordField } from '../shared/CurrentPasswordField';
import type { StaffMember } from '../api/types';

type StaffRecord = StaffMember;

function useStaffAction(path: 'unlock' | 'reset-2fa' | 'invitation', success: string) {
  const record = useRecordContext<StaffRecord>();
  const notify = useNotify();
  const refresh = useRefresh();
  return async (body?: Record<string, unknown>) => {
    if (!record) return;
    try {
      await postJson(`/staff/${record.id}/${path}`, body);
      notify(success, { type: 'success' });
      refresh();
    } catch (failure) {
      notify(errorMessage(failure, 'That did not work'), { type: 'error' });
    }
  };
}

export const UnlockButton = () => {
  const record = useRecordContext<StaffRecord>();
  const unlock = useStaffAction('unlock', 'Unlocked: they can sign in again');
  if (!record || (!record.lockedUntil && record.failedLogins === 0)) return null;
  return <Button label="Unlock" onClick={() => unlock()} startIcon={<LockOpenIcon />} />;
};

/** For a member who has not signed in yet: a new invitation link (the earlier one stops working). */
export const ResendInvitationButton = () => {
  const record = useRecordContext<StaffRecord>();
  const resend = useStaffAction('invitation', `Invitation sent again to ${record?.email ?? 'them'}; the earlier link no longer works`);
  if (!record || record.disabled || record.lastLoginAt) return null;
  return (
    <Button
      label={record.invitationExpiresAt ? 'Send invitation again' : 'Send an invitation'}
      onClick={() => resend()}
      startIcon={<MailIcon />}
    />
  );
};

export const ResetTwoFactorButton = () => {
  const record = useRecordContext<StaffRecord>();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const close = () => {
    setOpen(false);
    setPassword('');
  };
  const reset = useStaffAction('reset-2fa', 'Two-factor sign-in reset: they enroll again at their next sign-in');
  if (!record?.totpEnabled) return null;
  return (
    <>
      <Button label="Reset 2FA" onClick={() => setOpen(true)} startIcon={<PhonelinkEraseIcon />} />
      <Confirm
        isOpen={open}
        title={`Reset two-factor sign-in for ${record.email}?`}
        content={
          <>
            They will be signed out everywhere and must set up their authenticator again. Type your own password to confirm.
            <CurrentPasswordField fullWidth value={password} onChange={setPassword} testId="reset-2fa-password" />
          </>
        }
        onConfirm={async () => {
          const typed = password;
          close();
          await reset({ password: typed });
        }}
        onClose={close}
      />
    </>
  );
};
