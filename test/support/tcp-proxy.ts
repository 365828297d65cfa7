import { createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in the test process between the app and a shared server
 * (MariaDB): cutting it is an outage for this app alone, while the server
 * itself keeps serving everyone else.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    public port = 0,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.restore();
    return proxy;
  }

  /** Drops every open connection and stops accepting new ones: the server looks gone (ECONNREFUSED). */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Cuts (as `cut`) once the server has sent `bytes` more bytes through the proxy: an outage in the middle of a long answer. */
  cutAfterServerBytes(bytes: number): Promise<void> {
    this.serverBytesLeft = bytes;
    return new Promise((resolve) => (this.onCutByBytes = resolve));
  }

  private serverBytesLeft = Infinity;
  private onCutByBytes?: () => void;

  private countServerBytes(length: number): void {
    this.serverBytesLeft -= length;
    if (this.serverBytesLeft > 0 || !this.onCutByBytes) return;
    const resolve = this.onCutByBytes;
    this.onCutByBytes = undefined;
    this.serverBytesLeft = Infinity;
    void this.cut().then(resolve);
  }

  /** Listens again (on the same port after a cut) and forwards to the target. */
  async restore(): Promise<void> {
    const server = createServer((client) => {
      const upstream = new Socket();
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      upstream.connect(this.target.port, this.target.host);
      upstream.on('data', (chunk: Buffer) => this.countServerBytes(chunk.length));
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
