import { Create, Edit } from 'react-admin';
import { PolicyForm } from './PolicyForm';
import { useSavedNotice } from '../shared/savedNotice';

interface PolicyRecord {
  id?: number;
  createdAt?: string;
  updatedAt?: string;
  [setting: string]: unknown;
}

// The API accepts the settings only, never ids or timestamps.
const settingsOnly = ({ id: _id, createdAt: _created, updatedAt: _updated, ...settings }: PolicyRecord) => settings;

const policyName = (policy: { name: string }) => `Policy "${policy.name}"`;

export const PolicyEdit = () => (
  <Edit
    mutationMode="pessimistic"
    transform={settingsOnly}
    mutationOptions={useSavedNotice(policyName, 'saved', 'list')}
    title="Password policy"
  >
    <PolicyForm withTryout />
  </Edit>
);

export const PolicyCreate = () => (
  <Create
    mutationOptions={useSavedNotice(policyName, 'created', 'edit')}
    transform={settingsOnly}
    title="New password policy"
    record={{
      minLength: 12,
      maxLength: 128,
      minClasses: 3,
      requiredClasses: [],
      maxAgeDays: 180,
      historyCount: 5,
      reminderDays: [7, 3, 0],
      blocklist: true,
      minStrength: 0,
      forbidPersonalInfo: true,
      isDefault: false,
    }}
  >
    <PolicyForm />
  </Create>
);
