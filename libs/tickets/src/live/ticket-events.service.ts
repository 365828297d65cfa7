import { BeforeApplicationShutdown, Injectable, MessageEvent } from '@nestjs/common';
import { serverSentEvents } from '@resetdesk/core';
import { SessionLiveness, type StaffPrincipal } from '@resetdesk/staff';
import { defer, finalize, Observable, Subject } from 'rxjs';
import { TicketErrorCode, TicketException } from '../ticket.exception';
import { TicketFeed } from './ticket-feed.service';

/** Open streams a member may hold on one API instance: a few tabs, never enough to tie the instance up. */
export const MAX_STREAMS_PER_MEMBER = 10;
const HEARTBEAT_MS = 25_000;
/** About an access token's life: the page reconnects with a fresh one. */
const STREAM_MAX_MS = 15 * 60_000;

/**
 * `GET /api/tickets/:id/events`: the changes of one ticket as they commit on any instance, for as long as the
 * member's session lives. What a change says is only a hint: the page reloads the ticket through the API,
 * which checks access as always.
 */
@Injectable()
export class TicketEventsService implements BeforeApplicationShutdown {
  private readonly openStreams = new Map<number, number>();
  /** Completes every open stream when the API shuts down, so that closing the server does not wait on them. */
  private readonly closing = new Subject<void>();

  constructor(
    private readonly feed: TicketFeed,
    private readonly sessions: SessionLiveness,
  ) {}

  /**
   * The ticket exists (TicketExistsGuard checked it before the stream could start). The member's slot is counted
   * when Nest subscribes, and given back however the stream ends: a client gone before that holds none. The count
   * and its check are one synchronous step, so eleven requests at once never all pass a limit of ten.
   */
  open(staff: StaffPrincipal, ticketId: number): Observable<MessageEvent> {
    return defer(() => {
      const open = this.openStreams.get(staff.id) ?? 0;
      if (open >= MAX_STREAMS_PER_MEMBER) {
        throw new TicketException(
          TicketErrorCode.TooManyStreams,
          `You already follow ${open} tickets live; close one of their pages first`,
          {
            retryAfterSeconds: 60,
          },
        );
      }
      this.openStreams.set(staff.id, open + 1);
      const stream = serverSentEvents(this.feed.follow(ticketId), { heartbeatMs: HEARTBEAT_MS, maxMs: STREAM_MAX_MS, until: this.closing });
      return this.sessions.whileLive(staff, stream).pipe(finalize(() => this.release(staff.id)));
    });
  }

  beforeApplicationShutdown(): void {
    this.closing.next();
    this.closing.complete();
  }

  private release(staffId: number): void {
    const left = (this.openStreams.get(staffId) ?? 1) - 1;
    if (left > 0) this.openStreams.set(staffId, left);
    else this.openStreams.delete(staffId);
  }
}
