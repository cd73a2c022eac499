import { createServer, request, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the Twilio fake that can hold Twilio's answer to a message create: the
 * fake creates the message, the sender never hears back. With `hold` off it passes everything through.
 */
export class HoldingProxy {
  hold = true;
  url = '';
  private readonly held: ServerResponse[] = [];
  private server!: Server;

  private constructor(private readonly target: string) {}

  static async start(target: string): Promise<HoldingProxy> {
    const proxy = new HoldingProxy(target);
    proxy.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { host: _host, ...headers } = req.headers;
        const upstream = request(`${proxy.target}${req.url ?? '/'}`, { method: req.method, headers }, (answer) => {
          if (proxy.hold && req.method === 'POST') {
            answer.resume();
            proxy.held.push(res);
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
