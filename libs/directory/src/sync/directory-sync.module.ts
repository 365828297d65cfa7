import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@resetdesk/core';
import { DirectoryModule } from '../directory.module';
import { DirectoryWriteSweeper } from '../journal/directory-write-sweeper.service';
import { DirectorySyncRequestsService } from './directory-sync-requests.service';
import { DirectorySyncRepository } from './directory-sync.repository';
import { DirectorySyncService } from './directory-sync.service';
import { DirectorySyncProcessor } from './jobs/directory-sync.processor';
import { DirectorySyncScheduler } from './jobs/directory-sync.scheduler';

/** Accounts from the directory: the sync itself (worker, CLI), requests and the run log (API). */
@Module({
  imports: [DirectoryModule, BullModule.registerQueue({ name: QueueName.Directory })],
  providers: [DirectorySyncRepository, DirectorySyncService, DirectorySyncRequestsService],
  exports: [DirectorySyncService, DirectorySyncRequestsService, BullModule],
})
export class DirectorySyncModule {}

/** The worker side: the schedule and the sync jobs. */
@Module({
  imports: [DirectorySyncModule, DirectoryModule],
  providers: [DirectorySyncProcessor, DirectorySyncScheduler, DirectoryWriteSweeper],
})
export class DirectorySyncWorkerModule {}
