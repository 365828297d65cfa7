import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { securityConfig, SecurityConfigType } from '../config/config';
import { deriveKey } from './derive-key';

/**
 * The 6-digit codes people read out or type: drawn from the CSPRNG, stored
 * only as HMAC-SHA256 under a key derived from DATA_KEY, compared in
 * constant time. Used by assisted verification and forgot-password alike.
 */
@Injectable()
export class OneTimeCodes {
  private readonly key: Buffer;

  constructor(@Inject(securityConfig.KEY) security: SecurityConfigType) {
    this.key = deriveKey(security.dataKey, 'verification-codes');
  }

  generate(): string {
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  hash(code: string): string {
    return createHmac('sha256', this.key).update(code).digest('hex');
  }

  matches(storedHash: string, code: string): boolean {
    return timingSafeEqual(Buffer.from(storedHash, 'hex'), Buffer.from(this.hash(code), 'hex'));
  }
}
