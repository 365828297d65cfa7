import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * The one place passwords are hashed and verified, for staff now and
 * account holders later. Passwords are NFKC-normalised first, so the same
 * visible password typed on different keyboards verifies.
 */
@Injectable()
export class PasswordHasher {
  // Verified against when an email is unknown, so unknown and known users cost the same time.
  private readonly decoy = argon2.hash('decoy-password-never-matches', ARGON2_OPTIONS);

  hash(password: string): Promise<string> {
    return argon2.hash(password.normalize('NFKC'), ARGON2_OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password.normalize('NFKC'));
    } catch {
      // A malformed stored hash never verifies.
      return false;
    }
  }

  /** Spends one verification's time and returns false. */
  async verifyDecoy(password: string): Promise<false> {
    await this.verify(await this.decoy, password);
    return false;
  }

  /** True when the stored hash uses weaker parameters than today's and should be replaced at the next sign-in. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }
}
