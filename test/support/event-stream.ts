import { takeEventFrames } from '../../apps/admin/src/shared/sse-frames';

/** One server-sent event as a page receives it. */
export interface StreamEvent {
  type: string;
  data: unknown;
}

/**
 * A server-sent event stream read the way the admin UI reads it (fetch with the access token, the body parsed
 * frame by frame), so a test can wait for events and see when the server ends the stream.
 */
export class EventStreamReader {
  readonly events: StreamEvent[] = [];
  ended = false;
  status = 0;
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  static async open(url: string, token: string): Promise<EventStreamReader> {
    const reader = new EventStreamReader();
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      signal: reader.abort.signal,
    });
    reader.status = response.status;
    if (!response.ok || !response.body) {
      reader.ended = true;
      reader.events.push({ type: 'refused', data: await response.json().catch(() => null) });
      return reader;
    }
    reader.done = reader.read(response.body);
    return reader;
  }

  ofType(type: string): StreamEvent[] {
    return this.events.filter((event) => event.type === type);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        const { frames, rest } = takeEventFrames(buffer + decoder.decode(chunk, { stream: true }));
        buffer = rest;
        for (const frame of frames) this.events.push({ type: frame.type, data: JSON.parse(frame.data) });
      }
    } catch {
      // Aborted by close(), or the connection dropped: either way the stream is over.
    }
    this.ended = true;
  }
}
