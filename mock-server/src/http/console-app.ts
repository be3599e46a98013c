/**
 * The web console's server side, for the node:http adapter: the built app's files under `/_mock/console/` and the
 * request journal as a server-sent-event stream (`GET /_mock/requests/stream`). It serves no rule of its own: the
 * app calls the control surface and the real API like any client, and the stream is authorised by asking the engine
 * for the same tenant's journal first, so whatever access rules the control surface has apply to it too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestLog } from '../app/request-log.js';
import type { HeaderLookup, RequestHandler } from './pipeline.js';

/** Where the console is served. */
export const CONSOLE_PATH = '/_mock/console/';
/** The request journal as server-sent events: one `request` event per real-API request, as ListRequests lists it. */
export const JOURNAL_STREAM_PATH = '/_mock/requests/stream';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const typeOf = (name: string): string | undefined => TYPES[name.slice(name.lastIndexOf('.'))];

/** Offline by construction: nothing but this origin, no inline script, no framing by another site. */
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/** The package's `dist/console/`, found from this module whether it runs from `src/` (tsx) or from `dist/`. */
export function consoleAssetsDir(): string | undefined {
  let dir = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@partner-center/mock')
      return join(dir, 'dist', 'console');
    dir = dirname(dir);
  }
  return undefined;
}

/**
 * What the console's server side needs of the mock besides its request handler: a tenant's request log, to follow it
 * (an engine has it; a bare request handler serves the files but no journal stream).
 */
export interface ConsoleHost {
  /** A tenant by id (default: the default tenant). */
  tenant?(id?: string): { readonly requests: RequestLog } | undefined;
}

/** node's request headers as the engine reads them. */
const headerLookup = (req: IncomingMessage): HeaderLookup => ({
  get: (name) => {
    const v = req.headers[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
  },
  has: (name) => req.headers[name.toLowerCase()] !== undefined,
});

type Files = Map<string, { body: Buffer; type: string }>;

/** The console's files, read once they are built (looked for again on each request until then: a dev build may come after the start). */
function consoleFiles(assetsDir: string | undefined): (res: ServerResponse, name: string) => void {
  let files: Files | undefined;
  const load = (): Files => {
    const found: Files = new Map();
    if (assetsDir && existsSync(assetsDir)) {
      for (const name of readdirSync(assetsDir)) {
        const type = typeOf(name);
        if (type) found.set(name, { body: readFileSync(join(assetsDir, name)), type });
      }
    }
    if (found.size > 0) files = found;
    return found;
  };
  return (res, name) => {
    const file = (files ?? load()).get(name);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(files ? `No console file ${name}.` : 'The console is not built: run `pnpm build` (or `pnpm mock`).');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, ...SECURITY_HEADERS });
    res.end(file.body);
  };
}

/** Follows one tenant's request journal on `res`, once the control surface has accepted the caller's headers. */
async function followJournal(
  engine: Pick<RequestHandler, 'serve'> & ConsoleHost,
  req: IncomingMessage,
  res: ServerResponse,
  streams: Set<ServerResponse>,
): Promise<void> {
  // Ask the engine for one journal entry with the caller's own headers: refused there, refused here.
  const check = await engine.serve({
    method: 'GET',
    url: `http://${req.headers.host ?? 'localhost'}/_mock/requests?limit=1`,
    headers: headerLookup(req),
    body: new Uint8Array(),
  });
  const tenant = engine.tenant?.(req.headers['x-mock-tenant']?.toString() ?? undefined);
  if (check.status !== 200 || !tenant) {
    res.writeHead(check.status === 200 ? 400 : check.status, check.headers);
    res.end(check.status === 200 ? '' : check.body);
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  res.write(': journal of tenant follows\n\n');
  const unsubscribe = tenant.requests.subscribe((request) => {
    res.write(`id: ${request.seq}\nevent: request\ndata: ${JSON.stringify(request)}\n\n`);
  });
  // A comment now and then keeps proxies from closing an idle stream.
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  streams.add(res);
  res.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
    streams.delete(res);
  });
}

/** The console's routes on a node server: `handle` answers and returns true for its own paths. */
export interface ConsoleRoutes {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends the open journal streams (the server is closing). */
  close(): void;
}

/** Serves the console's files and the journal stream of `engine`. */
export function consoleRoutes(
  engine: Pick<RequestHandler, 'serve'> & ConsoleHost,
  assetsDir = consoleAssetsDir(),
): ConsoleRoutes {
  const streams = new Set<ServerResponse>();
  const serveFile = consoleFiles(assetsDir);
  return {
    handle(req, res) {
      // Real-API requests leave at the first test.
      const url = req.url ?? '/';
      if (!url.startsWith('/_mock/') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
      const path = url.split('?', 1)[0]!;
      if (path === JOURNAL_STREAM_PATH) {
        followJournal(engine, req, res, streams).catch((e: Error) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`journal stream failed: ${e.message}`);
        });
        return true;
      }
      if (path === '/_mock/console') {
        res.writeHead(301, { location: CONSOLE_PATH });
        res.end();
        return true;
      }
      if (!path.startsWith(CONSOLE_PATH)) return false;
      const name = path.slice(CONSOLE_PATH.length) || 'index.html';
      // The console's own files only: one plain name, never a path; anything else is the engine's (control operations live under /_mock/console/ too).
      if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.') || !typeOf(name)) return false;
      serveFile(res, name);
      return true;
    },
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
