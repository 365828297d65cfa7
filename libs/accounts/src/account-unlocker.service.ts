import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder } from '@resetdesk/audit';
import { Clock, RequestContext } from '@resetdesk/core';
import {
  DirectoryErrorCode,
  DirectoryException,
  DirectoryRefusal,
  DirectoryWritesRepository,
  operatorText,
  PASSWORD_DIRECTORY,
  PasswordDirectory,
} from '@resetdesk/directory';
import { DataSource } from 'typeorm';
import { AccountEntity } from './account.entity';
import { AccountsRepository } from './accounts.repository';
import { PrivilegedAlerts } from './privileged-alerts.service';

export interface UnlockOptions {
  actor: AuditActor;
  context: RequestContext | null;
  ticketId?: number | null;
  /** The supervisor who approved it, for a privileged account. */
  approvedByStaffId?: number | null;
}

export interface UnlockOutcome {
  /** Where the lockout was cleared: the directory people sign in with, or ResetDesk's own status. */
  store: 'local' | PasswordDirectory['kind'];
  /** Whether ResetDesk had the account as locked before (a directory lockout may be newer than the last sync). */
  wasLocked: boolean;
}

/**
 * Clears a lockout without changing the password: in the directory (AD
 * lockoutTime=0, ppolicy pwdAccountLockedTime removed) and in ResetDesk's
 * status. Idempotent: unlocking an account that is not locked changes
 * nothing and says so in the audit event.
 */
@Injectable()
export class AccountUnlocker {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly journal: DirectoryWritesRepository,
    private readonly alerts: PrivilegedAlerts,
    @Optional() @Inject(PASSWORD_DIRECTORY) private readonly directory: PasswordDirectory | null = null,
  ) {}

  async unlock(account: AccountEntity, options: UnlockOptions): Promise<UnlockOutcome> {
    const directory = this.directory;
    let writeId: number | null = null;
    if (directory) {
      if (!account.directoryDn) {
        throw new DirectoryException(
          DirectoryErrorCode.NotLinked,
          `Account ${account.username} is not linked to a directory entry; run a directory sync and try again`,
        );
      }
      writeId = await this.dataSource.transaction((manager) =>
        this.journal.open(
          manager,
          { accountId: account.id, ticketId: options.ticketId ?? null, operation: 'unlock', reason: null, actor: options.actor },
          this.clock.now(),
        ),
      );
      try {
        // Outside any transaction: a slow directory holds no row.
        await directory.unlock({ username: account.username, dn: account.directoryDn });
      } catch (error) {
        await this.dataSource.transaction(async (manager) => {
          await this.journal.close(manager, writeId!, error instanceof DirectoryRefusal ? 'refused' : 'failed', this.clock.now());
          await this.audit.record(manager, {
            actor: options.actor,
            action: AuditAction.DirectoryWriteFailed,
            target: { type: 'account', id: account.id },
            accountId: account.id,
            ticketId: options.ticketId ?? null,
            context: options.context,
            details: {
              operation: 'unlock',
              directory: directory.kind,
              error: operatorText(error),
              ...(error instanceof DirectoryRefusal ? { rule: error.rule } : {}),
            },
          });
        });
        throw DirectoryException.from(error);
      }
    }
    const now = this.clock.now();
    const wasLocked = await this.dataSource.transaction(async (manager) => {
      // From the row as it is now: an account disabled meanwhile stays disabled.
      const locked = (await this.accounts.findForUpdate(manager, account.id))?.status === 'locked';
      if (writeId !== null) await this.journal.close(manager, writeId, 'done', now);
      if (locked) await this.accounts.update(manager, account.id, { status: 'active' }, now);
      await this.audit.record(manager, {
        actor: options.actor,
        action: AuditAction.AccountUnlocked,
        target: { type: 'account', id: account.id },
        accountId: account.id,
        ticketId: options.ticketId ?? null,
        context: options.context,
        details: {
          store: directory?.kind ?? 'local',
          wasLocked: locked,
          ...(options.approvedByStaffId ? { approvedByStaffId: options.approvedByStaffId } : {}),
        },
      });
      // A lockout is what stops guessing: clearing one on a privileged account is news for every supervisor.
      if (account.privileged)
        await this.alerts.alert(
          manager,
          account,
          { method: 'unlock', actor: options.actor, ticketId: options.ticketId, approvedByStaffId: options.approvedByStaffId },
          now,
        );
      return locked;
    });
    return { store: directory?.kind ?? 'local', wasLocked };
  }
}
