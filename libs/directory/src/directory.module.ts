import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryConnection } from './directory-connection';
import { DirectoryWriteEntity } from './journal/directory-write.entity';
import { DirectoryWritesRepository } from './journal/directory-writes.repository';
import { DirectorySyncRunEntity } from './sync/directory-sync-run.entity';
import { DirectorySyncRunsRepository } from './sync/directory-sync-runs.repository';

/** The configured directory's connection; the LDAP and AD stores and the sync build on it. */
@Module({
  imports: [TypeOrmModule.forFeature([DirectorySyncRunEntity, DirectoryWriteEntity])],
  providers: [DirectoryConnection, DirectorySyncRunsRepository, DirectoryWritesRepository],
  exports: [DirectoryConnection, DirectorySyncRunsRepository, DirectoryWritesRepository],
})
export class DirectoryModule {}
