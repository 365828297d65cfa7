/** The demo's account holders, shared by the local seed and the demo directory (no imports: the demo's directory launcher loads it too). */
const FIRST = [
  'Ana',
  'Ben',
  'Chen',
  'Dana',
  'Eli',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jo',
  'Kai',
  'Lena',
  'Milo',
  'Nia',
  'Omar',
  'Pia',
  'Quinn',
];
const LAST = ['Reyes', 'Smith', 'Tanaka', 'Umar', 'Vega', 'Weber', 'Xu'];

/** Password ages (days) chosen so the demo shows every state: fresh, due in 7/3/0 days, expired. */
function ageFor(index: number, maxAgeDays: number): number {
  if (maxAgeDays === 0) return (index * 11) % 300;
  const milestones = [maxAgeDays - 7, maxAgeDays - 3, maxAgeDays, maxAgeDays + 5];
  return index % 5 < milestones.length ? milestones[index % 5]! : (index * 13) % (maxAgeDays - 10);
}

/** The demo's password for every account holder (printed by npm run demo). */
export const DEMO_ACCOUNT_PASSWORD = 'Demo-account-2026';
const DEMO_ACCOUNT_COUNT = 51;

export interface DemoPerson {
  index: number;
  username: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
  chatId: string | null;
  privileged: boolean;
  /** How old the password is, for a password policy whose maximum age is `maxAgeDays`. */
  passwordAgeDays(maxAgeDays: number): number;
}

/** The same ~50 people whether they live in ResetDesk's table or in the demo directory. */
export function demoPeople(): DemoPerson[] {
  return Array.from({ length: DEMO_ACCOUNT_COUNT }, (_, index) => {
    const firstName = FIRST[index % FIRST.length]!;
    const lastName = LAST[index % LAST.length]!;
    const username = `${firstName}.${lastName}${index}`.toLowerCase();
    return {
      index,
      username,
      email: `${username}@example.com`,
      displayName: `${firstName} ${lastName}`,
      firstName,
      lastName,
      chatId: index % 6 === 0 ? `U${1000 + index}` : null,
      privileged: index % 10 === 0,
      passwordAgeDays: (maxAgeDays: number) => ageFor(index, maxAgeDays),
    };
  });
}
