/**
 * Standalone adapter: a node:http server over the engine. It hands the engine plain values (method, URL, headers,
 * body bytes) rather than Fetch `Request`s, and writes its plain answers straight to the socket, which keeps the
 * overhead per request small. A `networkError` answer (an injected connection reset) destroys the socket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Engine, RawRequest } from '../engine.js';

/** A listening standalone mock. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting connections, lets requests in flight finish, closes idle keep-alive connections. */
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** node's headers (lower-case names, repeated ones joined with ", " as Fetch does), read without copying. */
function headerLookup(h: IncomingMessage['headers']) {
  const get = (name: string): string | null => {
    const v = h[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  };
  return { get, has: (name: string) => h[name.toLowerCase()] !== undefined };
}

function toRaw(req: IncomingMessage, body: Uint8Array, host: string): RawRequest {
  return { method: req.method ?? 'GET', url: `http://${req.headers.host ?? host}${req.url ?? '/'}`, headers: headerLookup(req.headers), body };
}

/** Serves the engine on host:port (port 0 picks a free one). */
export function startNodeServer(engine: Engine, options: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    readBody(req)
      .then((body) => engine.handleRaw(toRaw(req, body, host)))
      .then((answer) => {
        if (answer.networkError) {
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string | number> = answer.headers;
        if (answer.body !== undefined) headers['Content-Length'] = Buffer.byteLength(answer.body);
        res.writeHead(answer.status, headers);
        res.end(answer.body);
      })
      .catch((err: unknown) => {
        if (res.headersSent) return res.destroy();
        // An engine exception is a mock bug (an invariant violation, a crashed handler): say so loudly.
        console.error(`[partner-center-mock] ${req.method} ${req.url}: ${(err as Error).stack ?? err}`);
        res.writeHead(500, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify({ error_code: 'CBC.0999', error_msg: `Mock internal error: ${(err as Error).message}` }));
      });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => {
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        server,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeIdleConnections();
            // Connections still busy after a grace period are cut.
            setTimeout(() => sockets.forEach((s) => s.destroy()), 2_000).unref();
          }),
      });
    });
  });
}
