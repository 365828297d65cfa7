// Imports nothing heavy: the private servers (slapd, Redis, Galera, HAProxy) and the e2e files that need a port do not need a browser.
import { createServer } from 'node:net';

/** Ports this process handed out: a port just closed may be offered again at once, and two servers cannot share it. */
const handedOut = new Set<number>();

/** A loopback port nobody listens on, never one this process handed out before (e.g. slapd's plain and TLS ports). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: offered } = server.address() as { port: number };
        server.close(() => resolve(offered));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
