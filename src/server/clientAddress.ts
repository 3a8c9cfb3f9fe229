// Whose address a connection is counted under (MAX_CONNECTIONS_PER_IP). Behind a reverse proxy
// every TCP peer is the proxy, so with TRUSTED_PROXIES set the client is taken from
// X-Forwarded-For: the right-most entry that is not itself a trusted proxy. Entries further left
// were written by the client and are never believed.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** An address (`10.0.0.9`, `::1`) or a CIDR range (`10.0.0.0/8`, `fd00::/8`), or null. */
export function parseProxyEntry(entry: string): { address: string; prefix?: number } | null {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return null;
  if (prefix === undefined) return { address };
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(prefix) && bits <= max ? { address, prefix: bits } : null;
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) → `10.0.0.1`. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export class ClientAddresses {
  private readonly trusted = new BlockList();

  /** `proxies`: entries that parseProxyEntry accepts (config.ts has checked them). */
  constructor(proxies: readonly string[]) {
    for (const entry of proxies) {
      const parsed = parseProxyEntry(entry);
      if (parsed === null) throw new Error(`not an address or range: '${entry}'`);
      const family = isIP(parsed.address) === 4 ? 'ipv4' : 'ipv6';
      if (parsed.prefix === undefined) this.trusted.addAddress(parsed.address, family);
      else this.trusted.addSubnet(parsed.address, parsed.prefix, family);
    }
  }

  private isTrusted(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }

  /** The client's address, given the TCP peer's and the X-Forwarded-For header. */
  resolve(peer: string, forwardedFor: string | string[] | undefined): string {
    let client = unmapped(peer);
    if (!this.isTrusted(client) || forwardedFor === undefined) return client;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((hop) => unmapped(hop.trim()))
      .filter((hop) => hop !== '');
    // Walk from the nearest hop outwards while the hop is a proxy we trust.
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      client = hops[i]!;
      if (!this.isTrusted(client)) break;
    }
    return client;
  }

  /**
   * The client's address from the TCP peer's alone, before any request is read; null when the
   * peer is a trusted proxy (the client is then known only from the request's headers).
   */
  ofPeer(peer: string): string | null {
    const address = unmapped(peer);
    return this.isTrusted(address) ? null : address;
  }

  of(req: IncomingMessage): string {
    return this.resolve(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for']);
  }
}
