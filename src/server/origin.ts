// Which browser origins may open a socket (ALLOWED_ORIGINS), checked on the handshake.
import type { IncomingMessage } from 'node:http';

/**
 * No Origin header (not a browser) → allowed; the server's own origin (Origin host equals the
 * Host header, which also covers a dev proxy that keeps Host) → allowed; otherwise it must be listed.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

type AllowRequest = (req: IncomingMessage, done: (err: string | null, ok: boolean) => void) => void;

export function originGuard(allowed: readonly string[]): AllowRequest {
  return (req, done) => {
    const ok = isOriginAllowed(req.headers.origin, req.headers.host, allowed);
    done(ok ? null : 'origin not allowed', ok);
  };
}
