export const ROLE_CHOICES = [
  { id: 'agent', name: 'Agent' },
  { id: 'supervisor', name: 'Supervisor' },
  { id: 'admin', name: 'Admin' },
];
