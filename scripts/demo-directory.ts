/**
 * The demo's directory: a private OpenLDAP (slapd with ppolicy) in a temp
 * folder, holding the demo's ~50 people with the same names, addresses and
 * password ages as the local demo (a 120-day maximum age, so some expire in
 * 7, 3 and 0 days), and an it-admins group whose members are privileged.
 * Started by `npm run demo:ldap`; prints one READY line with the DIRECTORY_*
 * settings that point ResetDesk at it, then serves until stopped.
 */
import { demoPeople, DEMO_ACCOUNT_PASSWORD } from '../apps/cli/src/commands/demo-people';
import { PrivateSlapd } from '../test/support/private-slapd';

const MAX_AGE_DAYS = 120;
const DAY_MS = 86_400_000;

/** GeneralizedTime as slapd stores pwdChangedTime: 20261201120000Z. */
function generalizedTime(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

async function main(): Promise<void> {
  const now = Date.now();
  const people = demoPeople();
  const slapd = await PrivateSlapd.start({
    port: Number(process.env.DEMO_LDAP_PORT ?? 3389),
    tlsPort: Number(process.env.DEMO_LDAPS_PORT ?? 6636),
    policy: { pwdMaxAge: MAX_AGE_DAYS * 86_400, pwdMinLength: 12, pwdInHistory: 5 },
    bulkUsers: people.map((person) => ({
      uid: person.username,
      cn: person.displayName,
      sn: person.lastName,
      mail: person.email,
      password: DEMO_ACCOUNT_PASSWORD,
      attributes: {
        givenName: person.firstName,
        pwdChangedTime: generalizedTime(new Date(now - person.passwordAgeDays(MAX_AGE_DAYS) * DAY_MS)),
      },
    })),
  });
  const group = await slapd.addGroup(
    'it-admins',
    people.filter((person) => person.privileged).map((person) => slapd.userDn(person.username)),
  );
  const env = slapd.env({ DIRECTORY_PRIVILEGED_GROUP: group, DIRECTORY_PASSWORD_POLICY_DN: slapd.policyDn });
  process.stdout.write(
    `READY ${JSON.stringify({ env, plainUrl: slapd.plainUrl, url: slapd.url, caFile: slapd.caFile, people: slapd.peopleDn })}\n`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await slapd.stop();
    process.exit(0);
  };
  // Fire and forget: stop ends the process once slapd is down.
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The demo's parent going away (Ctrl-C, a crash) must not leave a slapd behind.
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(`The demo directory did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
