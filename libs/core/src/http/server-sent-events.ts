import type { MessageEvent } from '@nestjs/common';
import { endWith, ignoreElements, interval, map, merge, NEVER, Observable, share, takeUntil, timer } from 'rxjs';

export interface ServerSentEventsOptions {
  /** A `heartbeat` event this often keeps proxies from closing a quiet stream and shows the page it is still live. */
  heartbeatMs: number;
  /** The stream ends after this; the page opens a new one, with a fresh access token. */
  maxMs: number;
  /** Ends the stream early (the process is shutting down). */
  until?: Observable<unknown>;
}

/** What a live source emits: that it now hears every change (`ready`), or a change. */
export type LiveSignal<T> = { ready: true } | { change: T };

/**
 * A live source as server-sent events: `ready` once it hears every change (the page reloads what it shows then, so
 * nothing that happened before is missed), each change as `change`, heartbeats between. The stream ends with the
 * source (its connection dropped: the page reconnects and catches up), after `maxMs`, or at `until`.
 */
export function serverSentEvents<T extends object>(
  source: Observable<LiveSignal<T>>,
  options: ServerSentEventsOptions,
): Observable<MessageEvent> {
  const signals = source.pipe(share());
  const sourceEnded = signals.pipe(ignoreElements(), endWith(true));
  return merge(
    signals.pipe(
      map((signal): MessageEvent =>
        'ready' in signal ? { type: 'ready', data: { heartbeatMs: options.heartbeatMs } } : { type: 'change', data: signal.change },
      ),
    ),
    interval(options.heartbeatMs).pipe(
      map((): MessageEvent => ({ type: 'heartbeat', data: {} })),
      takeUntil(sourceEnded),
    ),
  ).pipe(takeUntil(timer(options.maxMs)), takeUntil(options.until ?? NEVER));
}
