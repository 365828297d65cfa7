import { Inject, Injectable } from '@nestjs/common';
import { Clock, deriveKey, securityConfig, SecurityConfigType } from '@resetdesk/core';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AccountEntity } from './account.entity';
import { AccountsRepository } from './accounts.repository';

/** How long a portal page may check candidates against one account's rules after the holder proved who they are. */
export const PASSWORD_CHECK_TOKEN_MINUTES = 30;

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
 * Signed, not stored: `<account>.<password version>.<expiry>.<HMAC>`, so a
 * password change ends every token issued before it.
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

  issue(account: Pick<AccountEntity, 'id' | 'passwordVersion' | 'username' | 'displayName'>): PasswordCheckGrant {
    const expires = Math.floor(this.clock.now().getTime() / 1000) + PASSWORD_CHECK_TOKEN_MINUTES * 60;
    const body = `${account.id}.${account.passwordVersion}.${expires}`;
    return {
      checkToken: `${body}.${this.sign(body)}`,
      expiresAt: new Date(expires * 1000).toISOString(),
      username: account.username,
      displayName: account.displayName,
    };
  }

  /** The account a token speaks for, or null: forged, expired, issued before the last password change, or disabled since. */
  async account(token: string): Promise<AccountEntity | null> {
    const match = /^(\d{1,15})\.(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return null;
    const [, id, version, expires, signature] = match;
    const expected = Buffer.from(this.sign(`${id}.${version}.${expires}`));
    if (!timingSafeEqual(expected, Buffer.from(signature!))) return null;
    if (Number(expires) * 1000 <= this.clock.now().getTime()) return null;
    const account = await this.accounts.findById(Number(id));
    if (!account || account.status === 'disabled' || account.passwordVersion !== Number(version)) return null;
    return account;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
