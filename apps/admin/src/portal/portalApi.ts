import { useState } from 'react';

/** An API refusal with the status and the message the API wrote for people. */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The API's machine code (e.g. CODE_WRONG_OR_EXPIRED), when it gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** POST JSON to the anonymous self-service API; a refusal becomes a PortalError carrying the API's message. */
export async function portalPost<T = void>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
  }).catch(() => {
    throw new PortalError(0, 'Could not reach the server; check your connection and try again');
  });
  const text = await response.text();
  // A proxy's error page is not JSON: its status still tells what happened.
  const json = (() => {
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  })();
  if (!response.ok)
    throw new PortalError(
      response.status,
      typeof json?.message === 'string' ? json.message : 'Something went wrong; try again in a moment',
      typeof json?.code === 'string' ? json.code : undefined,
    );
  return json as T;
}

/** Enough of an address to send; the API checks it properly. */
export function looksLikeEmail(value: string): boolean {
  return /^\S+@\S+\.\S+$/.test(value.trim());
}

/**
 * One portal form's submission: `busy` while it runs, the API's refusal as
 * `problem` (cleared on the next try). `onRefused` may handle a refusal
 * itself by returning true (e.g. a used reset link).
 */
export function usePortalSubmit() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const run = async (work: () => Promise<void>, onRefused?: (error: PortalError) => boolean): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    try {
      await work();
    } catch (failure) {
      const error = failure as PortalError;
      if (!onRefused?.(error)) setProblem(error.message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run };
}
