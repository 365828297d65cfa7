import { Inject, Injectable } from '@nestjs/common';
import { directoryConfig, DirectoryConfigType } from '@resetdesk/core';
import { Client, InvalidCredentialsError, ResultCodeError } from 'ldapts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConnectionOptions, rootCertificates } from 'node:tls';
import { DirectoryOutcomeUnknown, DirectoryRefusal, DirectoryUnavailable } from './directory.errors';
import { withoutCredentials } from './directory-url';

/** What holders and agents read when the service account is refused: nothing about which account or setting. */
const SERVICE_REFUSED =
  'ResetDesk cannot use the directory right now (the directory refused its service account); try again later, and tell an administrator';

/** LDAP result codes that mean "the server cannot serve you now", not "no": busy (51), unavailable (52), unwilling to perform during shutdown is not among them. */
const TRANSIENT_RESULT_CODES = new Set([51, 52, 80]);

/**
 * Opens one TLS connection per operation to the configured directory and
 * always closes it: a directory write is rare and must never wait on, or
 * leak through, a shared connection that another request left bound.
 * Network failures and timeouts become `DirectoryUnavailable`; the
 * directory's own refusals pass through for the caller to translate.
 */
@Injectable()
export class DirectoryConnection {
  private readonly tlsOptions: ConnectionOptions;

  constructor(@Inject(directoryConfig.KEY) readonly config: DirectoryConfigType) {
    this.tlsOptions = {
      ca: trustedCas(config),
      // Certificates name the host; a URL with an IP address is checked against the IP SANs.
      servername: config.url && !/^\[|^\d+\.\d+\.\d+\.\d+$/.test(hostOf(config.url)) ? hostOf(config.url) : undefined,
      // Without a servername Node checks the certificate against `host`, which STARTTLS would leave as "localhost".
      host: config.url ? hostOf(config.url) : undefined,
      minVersion: 'TLSv1.2',
    };
  }

  /** Binds as the service account, runs `work`, unbinds. */
  asService<T>(work: (client: Client) => Promise<T>): Promise<T> {
    return this.connected(async (client) => {
      try {
        await client.bind(this.config.bindDn, this.config.bindPassword);
      } catch (error) {
        if (error instanceof InvalidCredentialsError) {
          throw new DirectoryUnavailable(
            SERVICE_REFUSED,
            error,
            `The directory refused ResetDesk's service account (${this.config.bindDn}); an administrator must check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD`,
          );
        }
        // Any other answer to the service bind (unwillingToPerform for an empty password, a locked service account, …) is no
        // refusal of the holder's password either: ResetDesk cannot work until an administrator fixes the account.
        if (error instanceof ResultCodeError && !TRANSIENT_RESULT_CODES.has(error.code)) {
          throw new DirectoryUnavailable(
            SERVICE_REFUSED,
            error,
            `The directory refused the bind of ResetDesk's service account (${this.config.bindDn}: ${error.message}); an administrator must check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD`,
          );
        }
        throw error;
      }
      return work(client);
    });
  }

  /** Binds as `dn` with `password` (the holder's own), runs `work`, unbinds. The bind's refusal reaches the caller untranslated. */
  asUser<T>(dn: string, password: string, work: (client: Client) => Promise<T>): Promise<T> {
    return this.connected(async (client) => {
      await client.bind(dn, password);
      return work(client);
    });
  }

  /**
   * A holder's bind that cannot succeed (an entry that does not exist under
   * the base), for unknown usernames: they cost the same round trip as a
   * wrong password, so the answer's timing does not tell whether a name exists.
   */
  async decoyBind(password: string): Promise<void> {
    const rdn = this.config.kind === 'ad' ? 'CN' : 'uid';
    await this.asUser(
      `${rdn}=no-such-holder-${randomBytes(6).toString('hex')},${this.config.baseDn}`,
      password,
      async () => undefined,
    ).catch(() => undefined);
  }

  /** A connection with TLS set up (ldaps or STARTTLS) and nothing bound; closed after `work` whatever happens. */
  async connected<T>(work: (client: Client) => Promise<T>): Promise<T> {
    // TLS options only for ldaps://: ldapts opens TLS at once whenever it is given any, which an ldap:// port answering STARTTLS drops.
    // Copies: ldapts writes the connection's socket into the options it is given, and a shared object would carry it to the next connection.
    const implicitTls = this.config.url.startsWith('ldaps:');
    const client = new Client({
      url: this.config.url,
      timeout: this.config.timeoutMs,
      connectTimeout: this.config.timeoutMs,
      tlsOptions: implicitTls ? { ...this.tlsOptions } : undefined,
      strictDN: false,
    });
    try {
      if (this.config.startTls) await client.startTLS({ ...this.tlsOptions });
      return await work(client);
    } catch (error) {
      throw this.translate(error);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** Network trouble and timeouts mean "try later"; anything the directory answered stays as it is. */
  private translate(error: unknown): unknown {
    // A refusal the work already put in words is the directory's answer, not an outage.
    if (error instanceof DirectoryUnavailable || error instanceof DirectoryRefusal) return error;
    if (error instanceof ResultCodeError) {
      return TRANSIENT_RESULT_CODES.has(error.code)
        ? new DirectoryUnavailable(
            'The directory is busy or unavailable; try again in a minute',
            error,
            `The directory at ${withoutCredentials(this.config.url)} is busy or unavailable (${error.message})`,
          )
        : error;
    }
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^Error: /, '');
    if (isTlsFailure(error)) {
      return new DirectoryUnavailable(
        'The directory could not be reached securely; try again in a minute, and tell an administrator if it persists',
        error,
        `The TLS connection to the directory at ${withoutCredentials(this.config.url)} failed (${reason}): an administrator must check DIRECTORY_CA_FILE (the CA that signed the directory's certificate) and that the certificate names the host in DIRECTORY_URL`,
      );
    }
    return new DirectoryUnavailable(
      'The directory could not be reached; try again in a minute',
      error,
      `The directory at ${withoutCredentials(this.config.url)} did not answer (${reason}); try again in a minute, and tell an administrator if it persists`,
    );
  }
}

/** Node's certificate verification codes and OpenSSL's handshake errors: the server answered, but not with a certificate we trust. */
function isTlsFailure(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : '';
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/i.test(code) || /certificate|ssl|tls/i.test(message);
}

/**
 * DIRECTORY_CA_FILE alone when set; else the system's bundle (where an
 * internal CA is installed) next to Node's bundled public CAs, which a `ca`
 * option would otherwise replace; else Node's defaults.
 */
function trustedCas(config: DirectoryConfigType): Array<string | Buffer> | undefined {
  if (config.caFile) return [readFileSync(config.caFile)];
  if (config.systemCaFile) return [...rootCertificates, readFileSync(config.systemCaFile)];
  return undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/**
 * Runs the password write itself. Once it has been sent, a timeout or a
 * broken connection no longer means "nothing changed": the directory may
 * have applied it. The directory's own answers (result codes) and errors
 * already put in words pass through for the caller to translate.
 */
export async function passwordWrite<T>(entryDn: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ResultCodeError || error instanceof DirectoryUnavailable || error instanceof DirectoryRefusal) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^Error: /, '');
    throw new DirectoryOutcomeUnknown(
      `The password write for ${entryDn} was sent but the directory did not answer (${reason}); check whether the new password works before writing it again`,
      error,
    );
  }
}
