import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryConnection } from './directory-connection';
import { DirectoryMetrics } from './directory.metrics';
import { DirectoryProbe } from './health/directory-probe';
import { DirectorySyncRunEntity } from './sync/directory-sync-run.entity';
import { DirectorySyncRunsRepository } from './sync/directory-sync-runs.repository';

/** The configured directory's connection, its probe and metrics; the LDAP and AD stores and the sync build on it. */
@Module({
  imports: [TypeOrmModule.forFeature([DirectorySyncRunEntity])],
  providers: [DirectoryConnection, DirectorySyncRunsRepository, DirectoryMetrics, DirectoryProbe],
  exports: [DirectoryConnection, DirectorySyncRunsRepository, DirectoryMetrics, DirectoryProbe],
})
export class DirectoryModule {}
