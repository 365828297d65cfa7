import { Module } from '@nestjs/common';
import { MailCatcherService } from './mail-catcher.service';

@Module({ providers: [MailCatcherService], exports: [MailCatcherService] })
export class MailCatcherModule {}
