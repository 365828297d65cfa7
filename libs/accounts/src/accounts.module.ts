import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PoliciesModule } from '@resetdesk/policies';
import { AccountEntity, PasswordHistoryEntity } from './account.entity';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { PasswordSetter } from './password-setter.service';

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, PasswordHistoryEntity]), PoliciesModule],
  providers: [AccountsRepository, AccountsService, PasswordSetter],
  exports: [AccountsRepository, AccountsService, PasswordSetter, PoliciesModule],
})
export class AccountsModule {}
