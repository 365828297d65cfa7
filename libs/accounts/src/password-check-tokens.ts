import { Inject, Injectable } from '@nestjs/common';
import { Clock, deriveKey, securityConfig, SecurityConfigType } from '@resetdesk/core';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AccountEntity } from './account.entity';
import { AccountsRepository } from './accounts.repository';

/** How long a portal page may check candidates against one account's rules after the holder proved who they are. */
export const PASSWORD_CHECK_TOKEN_MINUTES = 30;

/**
 * What proved who the holder is — and what must still be open for the
 * token to work: a reset link, an emailed code, or the current password.
 */
export type PasswordCheckProof = { kind: 'link'; id: number } | { kind: 'code'; id: number } | { kind: 'current-password' };

const PROOF_PREFIX = { link: 'l', code: 'c', 'current-password': 'p' } as const;

function proofText(proof: PasswordCheckProof): string {
  return proof.kind === 'current-password' ? PROOF_PREFIX[proof.kind] : `${PROOF_PREFIX[proof.kind]}${proof.id}`;
}

function parseProof(text: string): PasswordCheckProof | null {
  if (text === 'p') return { kind: 'current-password' };
  const match = /^([lc])(\d{1,15})$/.exec(text);
  if (!match) return null;
  return { kind: match[1] === 'l' ? 'link' : 'code', id: Number(match[2]) };
}

/** What a portal page gets once the holder has proved who they are. */
export interface PasswordCheckGrant {
  checkToken: string;
  expiresAt: string;
  username: string;
  displayName: string;
}

/**
 * What lets a portal page show one account's exact rules — its policy and
 * its password history — while the holder types: handed out only after a
 * proof (a usable reset link, the emailed code, the current password).
 * Signed, not stored: `<account>.<password version>.<expiry>.<proof>.<HMAC>`,
 * so a password change ends every token issued before it; it never outlives
 * its proof, and the caller checks the proof is still open on each use (a
 * used or revoked link, a locked code ends it too).
 */
@Injectable()
export class PasswordCheckTokens {
  private readonly key: Buffer;

  constructor(
    @Inject(securityConfig.KEY) security: SecurityConfigType,
    private readonly accounts: AccountsRepository,
    private readonly clock: Clock,
  ) {
    this.key = deriveKey(security.dataKey, 'password-check-tokens');
  }

  issue(
    account: Pick<AccountEntity, 'id' | 'passwordVersion' | 'username' | 'displayName'>,
    proof: PasswordCheckProof,
    proofExpiresAt?: Date,
  ): PasswordCheckGrant {
    const latest = Math.floor(this.clock.now().getTime() / 1000) + PASSWORD_CHECK_TOKEN_MINUTES * 60;
    const expires = proofExpiresAt ? Math.min(latest, Math.floor(proofExpiresAt.getTime() / 1000)) : latest;
    const body = `${account.id}.${account.passwordVersion}.${expires}.${proofText(proof)}`;
    return {
      checkToken: `${body}.${this.sign(body)}`,
      expiresAt: new Date(expires * 1000).toISOString(),
      username: account.username,
      displayName: account.displayName,
    };
  }

  /**
   * The account a token speaks for and the proof it rests on, or null:
   * forged, expired, issued before the last password change, or disabled since.
   */
  async open(token: string): Promise<{ account: AccountEntity; proof: PasswordCheckProof } | null> {
    const match = /^(\d{1,15})\.(\d{1,10})\.(\d{1,12})\.([lcp]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return null;
    const [, id, version, expires, proofPart, signature] = match;
    const expected = Buffer.from(this.sign(`${id}.${version}.${expires}.${proofPart}`));
    if (!timingSafeEqual(expected, Buffer.from(signature!))) return null;
    const proof = parseProof(proofPart!);
    if (!proof || Number(expires) * 1000 <= this.clock.now().getTime()) return null;
    const account = await this.accounts.findById(Number(id));
    if (!account || account.status === 'disabled' || account.passwordVersion !== Number(version)) return null;
    return { account, proof };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
