/** One server-sent event: its `event:` name and its `data:` lines joined, or null for a frame without data (a comment). */
export interface EventFrame {
  type: string;
  data: string;
}

/**
 * Splits what has arrived of a `text/event-stream` body into complete frames (a blank line ends each one);
 * returns them and the incomplete rest, which waits for the next chunk.
 */
export function takeEventFrames(buffer: string): { frames: EventFrame[]; rest: string } {
  const frames: EventFrame[] = [];
  let rest = buffer;
  let end: number;
  while ((end = rest.indexOf('\n\n')) >= 0) {
    const frame = rest.slice(0, end);
    rest = rest.slice(end + 2);
    const data = frame
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data) frames.push({ type: /^event: ?(.*)$/m.exec(frame)?.[1] ?? 'message', data });
  }
  return { frames, rest };
}
