let params: URLSearchParams | undefined;

/**
 * A query parameter of the address the page was opened with (`?token=…`), read once for all of them and then dropped
 * from the address bar and history, so a token is not left in the browser or shown over a shoulder.
 */
export function takeFromAddress(name: string): string | null {
  if (!params) {
    params = new URLSearchParams(window.location.search);
    if (params.size > 0) window.history.replaceState(null, '', window.location.pathname);
  }
  return params.get(name);
}
