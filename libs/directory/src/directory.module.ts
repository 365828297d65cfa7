import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdPasswordDirectory } from './ad/ad-password-directory';
import { DirectoryConnection } from './directory-connection';
import { DirectoryMetrics, observedDirectory } from './directory.metrics';
import { DirectoryProbe } from './health/directory-probe';
import { DirectoryWriteEntity } from './journal/directory-write.entity';
import { DirectoryWritesRepository } from './journal/directory-writes.repository';
import { LdapPasswordDirectory } from './ldap/ldap-password-directory';
import { PASSWORD_DIRECTORY, PasswordDirectory } from './password-directory';
import { DirectorySyncRunEntity } from './sync/directory-sync-run.entity';
import { DirectorySyncRunsRepository } from './sync/directory-sync-runs.repository';

/** The configured directory's password store, every call counted and timed: null for the local store (argon2id in our own table). */
function passwordDirectoryFor(connection: DirectoryConnection, metrics: DirectoryMetrics): PasswordDirectory | null {
  switch (connection.config.kind) {
    case 'ldap':
      return observedDirectory(new LdapPasswordDirectory(connection), metrics);
    case 'ad':
      return observedDirectory(new AdPasswordDirectory(connection), metrics);
    case 'local':
      return null;
  }
}

/** The configured directory's connection, password store, probe and metrics; the sync builds on them. */
@Module({
  imports: [TypeOrmModule.forFeature([DirectorySyncRunEntity, DirectoryWriteEntity])],
  providers: [
    DirectoryConnection,
    DirectorySyncRunsRepository,
    DirectoryWritesRepository,
    DirectoryMetrics,
    DirectoryProbe,
    { provide: PASSWORD_DIRECTORY, useFactory: passwordDirectoryFor, inject: [DirectoryConnection, DirectoryMetrics] },
  ],
  exports: [
    DirectoryConnection,
    DirectorySyncRunsRepository,
    DirectoryWritesRepository,
    DirectoryMetrics,
    DirectoryProbe,
    PASSWORD_DIRECTORY,
  ],
})
export class DirectoryModule {}
