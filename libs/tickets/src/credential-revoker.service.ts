import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ResetTokenEntity } from './reset-token.entity';
import { VerificationChallengeEntity } from './ticket.entity';

export interface RevokedCredentials {
  links: number;
  codes: number;
}

/**
 * After any reset only the new password counts: the account's unused reset
 * links and pending codes stop working, in the reset's own transaction.
 */
@Injectable()
export class CredentialRevoker {
  async revokeAll(manager: EntityManager, accountId: number, now: Date): Promise<RevokedCredentials> {
    const links = await manager
      .createQueryBuilder()
      .update(ResetTokenEntity)
      .set({ revokedAt: now })
      .where('account_id = :accountId AND used_at IS NULL AND revoked_at IS NULL', { accountId })
      .execute();
    const codes = await manager
      .createQueryBuilder()
      .update(VerificationChallengeEntity)
      .set({ status: 'superseded' })
      .where("account_id = :accountId AND status = 'pending'", { accountId })
      .execute();
    return { links: links.affected ?? 0, codes: codes.affected ?? 0 };
  }
}
