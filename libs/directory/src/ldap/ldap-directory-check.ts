import { Client, InvalidCredentialsError, NoSuchObjectError, ResultCodeError } from 'ldapts';
import { connect as tcpConnect } from 'node:net';
import { DirectoryConnection } from '../directory-connection';
import { DirectoryRefusal, DirectoryUnavailable } from '../directory.errors';
import { DirectoryCheckItem } from '../password-directory';
import { LdapServerFeatures } from './ldap-server-features';
import { PASSWORD_MODIFY_OID } from './password-modify';

/**
 * `directory:check` for an LDAP directory: each step says what it found and,
 * when it failed, which setting to look at; a step that cannot run because
 * an earlier one failed says so instead of failing in turn.
 */
export async function checkLdapDirectory(
  connection: DirectoryConnection,
  readFeatures: (client: Client) => Promise<LdapServerFeatures>,
): Promise<DirectoryCheckItem[]> {
  const { config } = connection;
  const items: DirectoryCheckItem[] = [];
  const add = (name: DirectoryCheckItem['name'], ok: boolean, message: string) => items.push({ name, ok, message });
  const skipped = (names: DirectoryCheckItem['name'][], reason: string) =>
    names.forEach((name) => add(name, false, `not checked: ${reason}`));
  const later: DirectoryCheckItem['name'][] = ['tls', 'bind', 'base', 'search', 'password-modify'];

  const { host, port } = endpoint(config.url);
  const reached = await tcpReachable(host, port, config.timeoutMs);
  if (reached !== true) {
    add(
      'connect',
      false,
      `Cannot reach ${host}:${port} (${reached}): check DIRECTORY_URL and that the directory is running and reachable from this host`,
    );
    skipped(later, 'no connection');
    return items;
  }
  add('connect', true, `${host}:${port} accepts connections`);

  try {
    await connection.connected(async (client) => {
      // connected() has done STARTTLS by now; for ldaps the first request opens the socket. An LDAP error means TLS worked and the server answered.
      let features = await readFeatures(client).catch((error: unknown) => {
        if (error instanceof ResultCodeError) return { passwordModify: false, ppolicy: false };
        throw error;
      });
      const encrypted = config.url.startsWith('ldaps:') || config.startTls;
      add(
        'tls',
        encrypted,
        encrypted
          ? `TLS established (${config.startTls ? 'STARTTLS' : 'ldaps'}) and the certificate verified`
          : 'The connection is not encrypted: passwords cross the network in clear text; use ldaps:// or DIRECTORY_STARTTLS=true',
      );
      try {
        await client.bind(config.bindDn, config.bindPassword);
        add('bind', true, `Bound as ${config.bindDn}`);
        // What resets will see: a server may show its extensions only to bound clients.
        features = await readFeatures(client).catch(() => features);
      } catch (error) {
        add(
          'bind',
          false,
          error instanceof InvalidCredentialsError
            ? `The directory refused ${config.bindDn}: check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD`
            : `Binding as ${config.bindDn} failed (${errorText(error)})`,
        );
        skipped(['base', 'search'], 'the service account could not bind');
        add('password-modify', features.passwordModify, passwordModifyMessage(features));
        return;
      }
      try {
        await client.search(config.baseDn, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] });
        add('base', true, `${config.baseDn} exists`);
      } catch (error) {
        add(
          'base',
          false,
          error instanceof NoSuchObjectError
            ? `${config.baseDn} does not exist (or ${config.bindDn} may not read it): check DIRECTORY_BASE_DN`
            : `Reading ${config.baseDn} failed (${errorText(error)})`,
        );
        skipped(['search'], 'the base DN is not readable');
        add('password-modify', features.passwordModify, passwordModifyMessage(features));
        return;
      }
      try {
        const { searchEntries } = await client.search(config.baseDn, {
          scope: 'sub',
          filter: config.userFilter,
          sizeLimit: 1,
          attributes: [config.attributes.username],
        });
        add(
          'search',
          searchEntries.length > 0,
          searchEntries.length > 0
            ? `${config.userFilter} finds accounts under ${config.baseDn} (e.g. ${searchEntries[0].dn})`
            : `${config.userFilter} finds no account under ${config.baseDn}: check DIRECTORY_USER_FILTER and DIRECTORY_BASE_DN, and that ${config.bindDn} may read the entries`,
        );
      } catch (error) {
        add(
          'search',
          false,
          `Searching ${config.baseDn} for ${config.userFilter} failed (${errorText(error)}): check DIRECTORY_USER_FILTER`,
        );
      }
      add('password-modify', features.passwordModify, passwordModifyMessage(features));
      if (config.privilegedGroup) {
        try {
          await client.search(config.privilegedGroup, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'] });
          add('privileged-group', true, `${config.privilegedGroup} exists`);
        } catch (error) {
          add(
            'privileged-group',
            false,
            `${config.privilegedGroup} cannot be read (${errorText(error)}): check DIRECTORY_PRIVILEGED_GROUP`,
          );
        }
      }
    });
  } catch (error) {
    add('tls', false, errorText(error));
    skipped(later.slice(1), 'no TLS connection');
  }
  return items;
}

function passwordModifyMessage(features: LdapServerFeatures): string {
  return features.passwordModify
    ? `The directory advertises Password Modify (${PASSWORD_MODIFY_OID}); resets use it${features.ppolicy ? ', and ppolicy is active' : ''}`
    : `The directory does not advertise Password Modify (${PASSWORD_MODIFY_OID}); resets replace userPassword, which the directory stores as sent unless it hashes it itself (ppolicy_hash_cleartext)`;
}

function endpoint(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : parsed.protocol === 'ldaps:' ? 636 : 389,
  };
}

/** A bare TCP connect, so "nothing listens" and "TLS failed" are two findings, not one. */
function tcpReachable(host: string, port: number, timeoutMs: number): Promise<true | string> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (answer: true | string) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

export function errorText(error: unknown): string {
  // For operators (directory:check, the journal): the detail, with the entry and the setting to look at.
  if (error instanceof DirectoryRefusal || error instanceof DirectoryUnavailable) return error.detail;
  if (error instanceof ResultCodeError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
