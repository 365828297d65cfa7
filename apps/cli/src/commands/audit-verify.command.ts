import { AuditReviewService, SYSTEM_ACTOR } from '@resetdesk/audit';
import { CliCommand, CliError } from './command';
import { withApp } from './with-app';

export const auditVerifyCommand: CliCommand = {
  name: 'audit:verify',
  usage: 'audit:verify',
  description: 'recompute the audit hash chain; exits 1 naming the first broken event',
  async run() {
    const status = await withApp((app) => app.get(AuditReviewService).verify({ ...SYSTEM_ACTOR, label: 'CLI' }, null, 'cli'));
    if (status.status === 'broken') {
      throw new CliError(`Audit chain broken at #${status.brokenAtSeq} (${status.reason}): ${status.message}`);
    }
    const pending = status.pending > 0 ? `; ${status.pending} event(s) not sealed yet` : '';
    return status.events === 0
      ? `Audit chain is empty: nothing sealed yet${pending}`
      : `Audit chain verified: ${status.events} event(s), head #${status.lastSeq} ${status.headHash}${pending}`;
  },
};
