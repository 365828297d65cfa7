import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface CaughtChatMessage {
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: { chatId: string; text: string };
}

/** A stand-in for the chat app's incoming webhook: records every POST and answers with `status`. */
export class ChatSink {
  readonly messages: CaughtChatMessage[] = [];
  status = 200;
  private server?: Server;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        this.messages.push({ headers: req.headers, rawBody, body: JSON.parse(rawBody) });
        res.writeHead(this.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ messageId: `chat-${this.messages.length}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks/resetdesk`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
