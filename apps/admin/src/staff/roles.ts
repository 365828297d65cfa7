export const ROLE_CHOICES = [
  { id: 'verifier', name: 'Verifier' },
  { id: 'agent', name: 'Agent' },
  { id: 'supervisor', name: 'Supervisor' },
  { id: 'admin', name: 'Admin' },
];

/** What each role adds to the one before it, under the role picker. */
export const ROLE_HELP =
  'Verifier: opens tickets and verifies callers. Agent: also resets passwords and unlocks accounts. Supervisor: also approves privileged resets and reviews the audit trail. Admin: also manages staff, accounts and policies.';
