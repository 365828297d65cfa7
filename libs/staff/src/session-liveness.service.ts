import { Injectable } from '@nestjs/common';
import { Clock } from '@resetdesk/core';
import { concatMap, filter, interval, map, Observable, takeUntil, takeWhile } from 'rxjs';
import type { StaffPrincipal } from './staff-principal';
import { StaffSessionRepository } from './staff-session.repository';
import type { StaffEntity } from './staff.entity';

/** How often a stream a member keeps open checks that their session still lives. */
export const SESSION_CHECK_MS = 10_000;

/** Whether a signed-in member's session still counts, for what outlives the request that opened it (a live stream). */
@Injectable()
export class SessionLiveness {
  constructor(
    private readonly sessions: StaffSessionRepository,
    private readonly clock: Clock,
  ) {}

  /** The member behind a session, while the session is open, belongs to that member and the member is active. */
  async liveMember(sessionId: string, staffId: number): Promise<StaffEntity | null> {
    const staff = await this.sessions.findActiveStaff(sessionId, this.clock.now());
    return staff && !staff.disabled && staff.id === staffId ? staff : null;
  }

  /** The principal's session is still open and its member still active. */
  async isLive(principal: StaffPrincipal): Promise<boolean> {
    return (await this.liveMember(principal.sessionId, principal.id)) !== null;
  }

  /**
   * `source` for as long as the principal's session lives: checked before every value and every
   * SESSION_CHECK_MS, so that signing out, being disabled or a revoked session also ends what a
   * page keeps open. A check that cannot be made ends the stream too (the page reconnects).
   */
  whileLive<T>(principal: StaffPrincipal, source: Observable<T>): Observable<T> {
    const live = () => this.isLive(principal).catch(() => false);
    const ended = interval(SESSION_CHECK_MS).pipe(
      concatMap(live),
      filter((isLive) => !isLive),
    );
    return source.pipe(
      concatMap(async (value) => ({ value, live: await live() })),
      takeWhile(({ live: isLive }) => isLive),
      map(({ value }) => value),
      takeUntil(ended),
    );
  }
}
