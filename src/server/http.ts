// Plain HTTP routes next to socket.io: health, readiness, metrics, ICE servers, and the built SPA.
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import type { Config } from './config.js';
import type { IceServersRoute } from './iceRoute.js';
import { setSecurityHeaders } from './securityHeaders.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Probes {
  /** False while a backing service (the room registry) cannot serve: /readyz answers 503. */
  ready(): Promise<boolean>;
  /** Prometheus text for /metrics. */
  metrics?: { contentType(): string; scrape(): Promise<string> };
}

const alwaysReady: Probes = { ready: async () => true };

/** Without a room registry nobody is a member: every ICE request is refused. */
const noMembers: IceServersRoute = async (_req, reply) =>
  reply(401, { error: 'ICE servers are for room members' });

export function createRequestHandler(
  config: Config,
  probes: Probes = alwaysReady,
  iceServers: IceServersRoute = noMembers,
): Handler {
  const serveApp = staticApp(config.staticDir);
  const tls = config.tls !== null;
  return (req, res) => {
    setSecurityHeaders(req, res, { tls });
    const pathname = pathOf(req.url);
    if (pathname === null) return sendJson(res, 400, { error: 'bad request' });
    const readOnly = req.method === 'GET' || req.method === 'HEAD';
    if (!readOnly) return sendJson(res, 405, { error: 'method not allowed' });
    if (pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (pathname === '/readyz') return void readiness(probes, res);
    if (pathname === '/metrics' && probes.metrics) return void scrape(probes.metrics, res);
    if (pathname === '/api/ice-servers') {
      const reply = (status: number, body: unknown, headers?: Record<string, string>) =>
        sendJson(res, status, body, headers);
      return void iceServers(req, reply).catch(() => reply(500, { error: 'internal error' }));
    }
    if (pathname.startsWith('/api/')) return sendJson(res, 404, { error: 'not found' });
    serveApp(req, res);
  };
}

async function readiness(probes: Probes, res: ServerResponse): Promise<void> {
  const ready = await probes.ready().catch(() => false);
  sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
}

async function scrape(metrics: NonNullable<Probes['metrics']>, res: ServerResponse): Promise<void> {
  try {
    const body = await metrics.scrape();
    res.writeHead(200, { 'Content-Type': metrics.contentType(), 'Cache-Control': 'no-store' });
    res.end(body);
  } catch {
    sendJson(res, 500, { error: 'metrics unavailable' });
  }
}

function pathOf(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return null;
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/**
 * sirv over the built SPA (unknown paths get index.html). Vite's hashed files under /assets never
 * change, so they are cached for good; the rest is revalidated. Until the SPA is built this answers
 * 503 with a hint, and picks the build up once it appears.
 */
function staticApp(dir: string): Handler {
  let serve: Handler | null = null;
  return (req, res) => {
    serve ??= existsSync(join(dir, 'index.html'))
      ? sirv(dir, { single: true, etag: true, gzip: true, brotli: true, setHeaders: cacheHeaders })
      : null;
    if (serve !== null) return serve(req, res);
    res.writeHead(503, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(`The web app is not built (no ${join(dir, 'index.html')}): run npm run build\n`);
  };
}

function cacheHeaders(res: ServerResponse, pathname: string): void {
  // Only real files: an extensionless path under /assets may be the SPA fallback.
  const immutable = /^\/assets\/.+\.\w+$/.test(pathname);
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
}
