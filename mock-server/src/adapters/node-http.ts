/**
 * Standalone adapter: a node:http server over the engine. It hands the engine plain values (method, URL, node's own
 * headers, body bytes) rather than Fetch `Request`s, takes its answer synchronously (`engine.serve`: a promise only
 * when an injected latency delays it) and writes it straight to the socket, which keeps the overhead per request
 * small. A `networkError` answer (an injected connection reset) destroys the socket.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HeaderLookup, RawRequest, RequestHandler } from '../http/pipeline.js';
import { hostAllowed, hostRefusal } from '../http/access.js';
import { type ConsoleHost, consoleRoutes } from '../http/console-app.js';
import { bodyTooLarge, DEFAULT_MAX_BODY_BYTES } from '../http/limits.js';
import { rawError, type RawResponse } from '../http/respond.js';

/** A listening standalone mock. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting connections, lets requests in flight finish, closes idle keep-alive connections. */
  close(): Promise<void>;
}

/** node's headers (lower-case names, repeated ones joined with ", " as Fetch does), read without copying. */
class NodeHeaders implements HeaderLookup {
  constructor(private readonly h: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const v = this.h[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  }
  has(name: string): boolean {
    return this.h[name.toLowerCase()] !== undefined;
  }
}

/** Writes the engine's answer; a dropped connection (an injected reset) destroys the socket. */
function write(req: IncomingMessage, res: ServerResponse, answer: RawResponse): void {
  if (answer.networkError) {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string | number> = answer.headers;
  if (answer.body !== undefined) headers['Content-Length'] = Buffer.byteLength(answer.body);
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** An engine exception is a mock bug (an invariant violation, a crashed handler): say so loudly. */
function failed(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  console.error(`[partner-center-mock] ${req.method} ${req.url}: ${(err as Error).stack ?? err}`);
  res.writeHead(500, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify({ error_code: 'CBC.0999', error_msg: `Mock internal error: ${(err as Error).message}` }));
}

/** A refusal written before the body is read; the rest of the body is read and discarded, never kept. */
function refuse(req: IncomingMessage, res: ServerResponse, answer: RawResponse): void {
  write(req, res, answer);
  req.resume();
}

/** Options of the standalone server. */
export interface NodeServerOptions {
  host?: string;
  port?: number;
  /** Largest request body accepted, in bytes (default 1 MiB); a bigger one is answered 413 `APIGW.0201`. */
  maxBodyBytes?: number;
  /**
   * Host header names served besides `localhost`, IP literals and the listen address (DNS rebinding protection);
   * `'any'` serves every name (set when an admin token guards the control surface).
   */
  allowedHosts?: readonly string[] | 'any';
}

/** Reads one request's body within the limit and hands it to the engine. */
function serveRequest(
  engine: RequestHandler,
  req: IncomingMessage,
  res: ServerResponse,
  limits: { host: string; maxBody: number; allowed: readonly string[] | undefined },
  webConsole: ReturnType<typeof consoleRoutes>,
): void {
  const { maxBody, allowed } = limits;
  if (allowed && !hostAllowed(req.headers.host, allowed)) {
    const r = hostRefusal(req.headers.host ?? '');
    refuse(req, res, rawError({ code: r.code, message: r.message }, r.status));
    return;
  }
  // The web console's files and its journal stream (behind the same Host check).
  if (webConsole.handle(req, res)) return;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBody) {
    refuse(req, res, bodyTooLarge(declared, maxBody));
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let done = false;
  req.on('data', (c: Buffer) => {
    received += c.length;
    if (done) return;
    // A chunked body has no declared length: counted as it arrives, dropped once over the limit.
    if (received > maxBody) {
      done = true;
      chunks.length = 0;
      write(req, res, bodyTooLarge(received, maxBody));
      return;
    }
    chunks.push(c);
  });
  // A client that goes away mid-upload is not a mock bug: one line, no stack, nothing answered.
  req.on('error', () => {
    if (done) return;
    done = true;
    chunks.length = 0;
    console.error(
      `[partner-center-mock] client aborted ${req.method} ${req.url?.split('?')[0]} after ${received} of ${req.headers['content-length'] ?? '?'} body bytes`,
    );
  });
  res.on('error', () => {});
  req.on('end', () => {
    if (done) return;
    done = true;
    const raw: RawRequest = {
      method: req.method ?? 'GET',
      url: `http://${req.headers.host ?? limits.host}${req.url ?? '/'}`,
      headers: new NodeHeaders(req.headers),
      body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
    };
    let answer: RawResponse | Promise<RawResponse>;
    try {
      answer = engine.serve(raw);
    } catch (err) {
      failed(req, res, err);
      return;
    }
    // A promise only when an injected latency delays the answer.
    if (answer instanceof Promise)
      answer.then((a) => write(req, res, a)).catch((err: unknown) => failed(req, res, err));
    else write(req, res, answer);
  });
}

/** Serves the engine on host:port (port 0 picks a free one). */
export function startNodeServer(
  engine: RequestHandler & ConsoleHost,
  options: NodeServerOptions = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const limits = {
    host,
    maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    allowed: options.allowedHosts === 'any' ? undefined : [host, ...(options.allowedHosts ?? [])],
  };
  const sockets = new Set<Socket>();
  const webConsole = consoleRoutes(engine);
  const server = createServer((req: IncomingMessage, res: ServerResponse) =>
    serveRequest(engine, req, res, limits, webConsole),
  );
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
            webConsole.close();
            server.close((err) => (err ? fail(err) : done()));
            server.closeIdleConnections();
            // Connections still busy after a grace period are cut.
            setTimeout(() => {
              for (const s of sockets) s.destroy();
            }, 2_000).unref();
          }),
      });
    });
  });
}
