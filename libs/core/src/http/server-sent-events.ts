import type { MessageEvent } from '@nestjs/common';
import { interval, map, merge, Observable, of, takeUntil, timer } from 'rxjs';

export interface ServerSentEventsOptions {
  /** A `heartbeat` event this often keeps proxies from closing a quiet stream and shows the page it is still live. */
  heartbeatMs: number;
  /** The stream ends after this; the page opens a new one, with a fresh access token. */
  maxMs: number;
}

/**
 * A live stream as server-sent events: `ready` first (the page reloads what it shows, so nothing that
 * happened before the stream began is missed), then each value as `change`, with heartbeats between.
 */
export function serverSentEvents<T extends object>(changes: Observable<T>, options: ServerSentEventsOptions): Observable<MessageEvent> {
  return merge(
    of<MessageEvent>({ type: 'ready', data: { heartbeatMs: options.heartbeatMs } }),
    changes.pipe(map((change): MessageEvent => ({ type: 'change', data: change }))),
    interval(options.heartbeatMs).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: {} }))),
  ).pipe(takeUntil(timer(options.maxMs)));
}
