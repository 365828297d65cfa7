import { PolicyRules } from './policy-rules';

export interface PolicySettings extends PolicyRules {
  name: string;
  description: string;
  maxAgeDays: number;
  historyCount: number;
  reminderDays: number[];
}

/** The shipped presets. The migration creates them; admins may edit or copy them. */
export const POLICY_PRESETS: PolicySettings[] = [
  {
    name: 'Member portal',
    description: 'At least 12 characters with 3 of 4 character classes; changed every 180 days.',
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
  },
  {
    name: 'Web account',
    description: 'At least 8 characters with an uppercase letter, a lowercase letter and a special character.',
    minLength: 8,
    maxLength: 128,
    minClasses: 0,
    requiredClasses: ['upper', 'lower', 'special'],
    maxAgeDays: 0,
    historyCount: 3,
    reminderDays: [7, 3, 0],
    blocklist: true,
    minStrength: 0,
    forbidPersonalInfo: true,
  },
  {
    name: 'Corporate',
    description: 'At least 12 characters with 3 of 4 character classes; changed every 120 days; the last 10 may not be reused.',
    minLength: 12,
    maxLength: 128,
    minClasses: 3,
    requiredClasses: [],
    maxAgeDays: 120,
    historyCount: 10,
    reminderDays: [7, 3, 0],
    blocklist: true,
    minStrength: 2,
    forbidPersonalInfo: true,
  },
];

export const DEFAULT_PRESET = 'Member portal';
