import { Create, Edit } from 'react-admin';
import { AccountForm } from './AccountForm';
import { useSavedNotice } from '../shared/savedNotice';

interface AccountFormValues {
  username: string;
  email: string;
  personalEmail: string | null;
  managerId: number | null;
  phone: string | null;
  displayName: string;
  chatId: string | null;
  policyId: number | null;
  privileged: boolean;
  status?: string;
  password?: string;
}

// Only what an admin may change; an empty password means "keep it"; expired/locked are the system's to set.
const editable = ({
  username,
  email,
  personalEmail,
  managerId,
  phone,
  displayName,
  chatId,
  policyId,
  privileged,
  status,
  password,
}: AccountFormValues) => ({
  username,
  email,
  personalEmail: personalEmail || null,
  managerId: managerId || null,
  phone: phone || null,
  displayName,
  chatId: chatId || null,
  policyId: policyId || null,
  privileged: Boolean(privileged),
  ...(status === 'active' || status === 'disabled' ? { status } : {}),
  ...(password ? { password } : {}),
});

const creatable = (values: AccountFormValues) => {
  const { status: _status, ...rest } = editable(values);
  return rest;
};

const accountName = (account: { username: string }) => `Account ${account.username}`;

export const AccountEdit = () => (
  <Edit mutationMode="pessimistic" transform={editable} mutationOptions={useSavedNotice(accountName, 'saved', 'show')} title="Edit account">
    <AccountForm edit />
  </Edit>
);

export const AccountCreate = () => (
  <Create transform={creatable} mutationOptions={useSavedNotice(accountName, 'created', 'show')} title="New account">
    <AccountForm />
  </Create>
);
