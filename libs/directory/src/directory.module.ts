import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdPasswordDirectory } from './ad/ad-password-directory';
import { DirectoryConnection } from './directory-connection';
import { DirectoryWriteEntity } from './journal/directory-write.entity';
import { DirectoryWritesRepository } from './journal/directory-writes.repository';
import { LdapPasswordDirectory } from './ldap/ldap-password-directory';
import { PASSWORD_DIRECTORY, PasswordDirectory } from './password-directory';
import { DirectorySyncRunEntity } from './sync/directory-sync-run.entity';
import { DirectorySyncRunsRepository } from './sync/directory-sync-runs.repository';

/** The configured directory's password store: null for the local store (argon2id in our own table). */
function passwordDirectoryFor(connection: DirectoryConnection): PasswordDirectory | null {
  switch (connection.config.kind) {
    case 'ldap':
      return new LdapPasswordDirectory(connection);
    case 'ad':
      return new AdPasswordDirectory(connection);
    default:
      return null;
  }
}

/** The configured directory's connection; the LDAP and AD stores and the sync build on it. */
@Module({
  imports: [TypeOrmModule.forFeature([DirectorySyncRunEntity, DirectoryWriteEntity])],
  providers: [
    DirectoryConnection,
    DirectorySyncRunsRepository,
    DirectoryWritesRepository,
    { provide: PASSWORD_DIRECTORY, useFactory: passwordDirectoryFor, inject: [DirectoryConnection] },
  ],
  exports: [DirectoryConnection, DirectorySyncRunsRepository, DirectoryWritesRepository, PASSWORD_DIRECTORY],
})
export class DirectoryModule {}
