// Security headers on every HTTP answer of ours (the SPA, /api, probes). socket.io's own
// long-polling answers are engine.io's and carry only data.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Host header we are willing to repeat inside the CSP (no spaces, quotes or semicolons). */
const PLAIN_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The SPA's policy. Scripts only from our origin (the Vite build has no inline script);
 * styles also inline, because antd's CSS-in-JS injects <style> elements at run time; sockets to
 * our own host over ws/wss (older browsers do not count ws: as 'self'); video comes from
 * MediaStreams, which CSP does not govern, and blob:/data: cover images and favicons.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host !== undefined && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Camera, microphone and screen capture for our own pages only; nothing else powerful. */
export const PERMISSIONS_POLICY =
  'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()';

export function setSecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: { tls: boolean },
): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // Only over TLS: on plain HTTP it is ignored, and on localhost it would stick to other apps.
  if (options.tls) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
}
