import { Client, PasswordPolicyControl } from 'ldapts';
import { PASSWORD_MODIFY_OID } from './password-modify';

/** What the root DSE says this server can do. */
export interface LdapServerFeatures {
  passwordModify: boolean;
  /** The ppolicy response control is advertised: pwdReset and the lockout attributes exist. */
  ppolicy: boolean;
}

/** Reads the root DSE (anonymously readable on OpenLDAP, so it works before a bind). */
export async function readServerFeatures(client: Client): Promise<LdapServerFeatures> {
  const { searchEntries } = await client.search('', {
    scope: 'base',
    filter: '(objectClass=*)',
    attributes: ['supportedExtension', 'supportedControl'],
  });
  const values = (name: string) => [searchEntries[0]?.[name] ?? []].flat().map(String);
  return {
    passwordModify: values('supportedExtension').includes(PASSWORD_MODIFY_OID),
    ppolicy: values('supportedControl').includes(PasswordPolicyControl.type),
  };
}
