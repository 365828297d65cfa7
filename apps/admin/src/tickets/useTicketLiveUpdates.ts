import type { TicketChange } from '@resetdesk/tickets/ticket-change.types';
import { useEffect, useRef, useState } from 'react';
import { useGetIdentity, useNotify, useRefresh } from 'react-admin';
import { API_URL } from '../httpClient';
import { ensureAccessToken, refreshAccessToken } from '../authSession';
import { takeEventFrames } from '../shared/sse-frames';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** Waits between reconnects: quick at first, then no more than every 30 s. */
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000];
/** A page also reloads this often while it cannot hear changes, so it never shows a stale ticket for long. */
const FALLBACK_RELOAD_MS = 30_000;

/**
 * Follows `GET /api/tickets/:id/events` while the ticket page is open: each change reloads what the page shows
 * (through the API, which checks access as always) and is announced; `ready` at every (re)connect reloads too,
 * so nothing that happened while the stream was away is missed. EventSource cannot send the access token, so
 * the stream is read with fetch.
 */
export function useTicketLiveUpdates(ticketId: number | undefined): LiveState {
  const refresh = useRefresh();
  const notify = useNotify();
  const { identity } = useGetIdentity();
  const [state, setState] = useState<LiveState>('connecting');
  const handlers = useRef({ refresh, notify, memberId: identity?.id });
  handlers.current = { refresh, notify, memberId: identity?.id };

  useEffect(() => {
    if (!ticketId) return;
    const abort = new AbortController();
    let failures = 0;
    let fallback: ReturnType<typeof setInterval> | undefined;
    const stopFallback = () => {
      clearInterval(fallback);
      fallback = undefined;
    };

    const onEvent = (type: string, data: unknown) => {
      if (type === 'ready') {
        failures = 0;
        stopFallback();
        setState('live');
        handlers.current.refresh();
      } else if (type === 'change') {
        const change = data as TicketChange;
        handlers.current.refresh();
        // The member's own action already answered on their screen; only what others did is announced.
        const own = change.actor.type === 'staff' && change.actor.id === handlers.current.memberId;
        if (!own) handlers.current.notify(change.announcement, { type: 'info', autoHideDuration: 6000 });
      }
    };

    const connect = async (): Promise<void> => {
      while (!abort.signal.aborted) {
        // Until the stream says `ready`, the page cannot know it hears every change: it reloads on its own meanwhile.
        fallback ??= setInterval(() => handlers.current.refresh(), FALLBACK_RELOAD_MS);
        const attempt = new AbortController();
        const stopAttempt = () => attempt.abort();
        abort.signal.addEventListener('abort', stopAttempt, { once: true });
        try {
          const token = await ensureAccessToken();
          const response = await fetch(`${API_URL}/tickets/${ticketId}/events`, {
            headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
            signal: attempt.signal,
          });
          if (response.status === 401) await refreshAccessToken().catch(() => false);
          if (response.ok && response.body) await readEvents(response.body, onEvent, () => attempt.abort());
        } catch {
          // Aborted, silent too long, or the connection dropped: retried below unless the page is gone.
        } finally {
          abort.signal.removeEventListener('abort', stopAttempt);
        }
        if (abort.signal.aborted) return;
        setState('reconnecting');
        await delay(RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)]!, abort.signal);
      }
    };
    void connect();
    return () => {
      abort.abort();
      stopFallback();
    };
  }, [ticketId]);

  return state;
}

/** Without a frame for this long (two heartbeats and then some), the connection is taken for dead. */
const SILENCE_MS = 60_000;

/**
 * Reads server-sent event frames (`event:` and `data:` lines, a blank line between frames) until the stream ends,
 * or until it has been silent longer than SILENCE_MS: a connection that died without closing (a proxy, Wi-Fi) is
 * then given up (`onSilence`) so the page reconnects instead of showing "Live" forever.
 */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (type: string, data: unknown) => void,
  onSilence: () => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let watchdog = setTimeout(onSilence, SILENCE_MS);
  for (;;) {
    const { value, done } = await reader.read().finally(() => clearTimeout(watchdog));
    if (done) return;
    watchdog = setTimeout(onSilence, SILENCE_MS);
    const { frames, rest } = takeEventFrames(buffer + decoder.decode(value, { stream: true }));
    buffer = rest;
    for (const frame of frames) {
      try {
        onEvent(frame.type, JSON.parse(frame.data));
      } catch {
        // A frame that is not JSON is not ours to act on.
      }
    }
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
