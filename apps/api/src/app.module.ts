import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountsModule } from '@resetdesk/accounts';
import { AuditModule } from '@resetdesk/audit';
import { AuthModule, JwtAuthGuard, RolesGuard } from '@resetdesk/auth';
import { ChatModule } from '@resetdesk/chat';
import { CoreModule, RedisThrottlerStorage, securityConfig, SecurityConfigType } from '@resetdesk/core';
import { DirectorySyncModule } from '@resetdesk/directory';
import { MailModule } from '@resetdesk/mail';
import { MailCatcherModule } from '@resetdesk/mail-catcher';
import { PoliciesModule } from '@resetdesk/policies';
import { RemindersModule } from '@resetdesk/reminders';
import { StaffModule } from '@resetdesk/staff';
import { StatsModule } from '@resetdesk/stats';
import { SystemModule } from '@resetdesk/system';
import { ResetsModule } from '@resetdesk/resets';
import { TicketEventsModule, TicketsModule, TicketsService } from '@resetdesk/tickets';
import { VerificationModule } from '@resetdesk/verification';
import { AccountsController } from './controllers/accounts.controller';
import { AuditEventsController } from './controllers/audit-events.controller';
import { AuthController } from './controllers/auth.controller';
import { HealthController } from './controllers/health.controller';
import { DemoChatInboxController } from './controllers/demo-chat-inbox.controller';
import { DirectoryController } from './controllers/directory.controller';
import { MailboxController } from './controllers/mailbox.controller';
import { MetricsController } from './controllers/metrics.controller';
import { NotificationsController } from './controllers/notifications.controller';
import { PasswordPoliciesController } from './controllers/password-policies.controller';
import { RemindersController } from './controllers/reminders.controller';
import { StatsController } from './controllers/stats.controller';
import { StaffController } from './controllers/staff.controller';
import { SystemController } from './controllers/system.controller';
import { SelfServiceModule } from '@resetdesk/self-service';
import { ChatIntegrationController } from './controllers/chat-integration.controller';
import { SelfServiceController } from './controllers/self-service.controller';
import { TicketsController } from './controllers/tickets.controller';
import { AccountAuthenticatorController } from './controllers/account-authenticator.controller';
import { StaffInvitationController } from './controllers/staff-invitation.controller';

@Module({
  imports: [
    CoreModule.forProcess('api'),
    AuditModule,
    AuthModule,
    ChatModule,
    StaffModule,
    MailModule,
    MailCatcherModule,
    SystemModule,
    PoliciesModule,
    AccountsModule,
    TicketsModule,
    TicketEventsModule,
    VerificationModule,
    ResetsModule,
    SelfServiceModule.register({ imports: [TicketsModule], useExisting: TicketsService }),
    RemindersModule,
    StatsModule,
    DirectorySyncModule,
    ThrottlerModule.forRootAsync({
      inject: [securityConfig.KEY, RedisThrottlerStorage],
      useFactory: (security: SecurityConfigType, storage: RedisThrottlerStorage) => ({
        // Counted in Redis: every API instance draws on the same per-address budget.
        storage,
        throttlers: [{ ttl: 60_000, limit: security.authRateLimitPerMinute }],
        errorMessage: (context, limit) =>
          `Too many ${context.switchToHttp().getRequest<{ path: string }>().path.startsWith('/api/auth') ? 'sign-in requests' : 'requests'} from this address; try again in ${limit.timeToBlockExpire} s`,
      }),
    }),
  ],
  controllers: [
    AuthController,
    StaffController,
    StaffInvitationController,
    AuditEventsController,
    PasswordPoliciesController,
    AccountsController,
    TicketsController,
    AccountAuthenticatorController,
    SelfServiceController,
    ChatIntegrationController,
    HealthController,
    MetricsController,
    NotificationsController,
    RemindersController,
    StatsController,
    SystemController,
    MailboxController,
    DemoChatInboxController,
    DirectoryController,
  ],
  providers: [
    // Order matters: authenticate first, then check the route's role.
    { provide: APP_GUARD, useExisting: JwtAuthGuard },
    { provide: APP_GUARD, useExisting: RolesGuard },
  ],
})
export class ApiModule {}
