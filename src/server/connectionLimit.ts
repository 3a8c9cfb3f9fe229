// MAX_CONNECTIONS_PER_IP: how many engine.io connections one client address may hold at once.
// The address is the TCP peer's, or behind a proxy listed in TRUSTED_PROXIES the one it forwards
// (clientAddress.ts); without that, every client behind a proxy shares the proxy's address.

export class ConnectionsPerIp {
  private readonly open = new Map<string, number>();

  /** `max` 0 turns the cap off. */
  constructor(private readonly max: number) {}

  /** Whether `ip` may open one more connection. */
  admits(ip: string): boolean {
    return this.max <= 0 || (this.open.get(ip) ?? 0) < this.max;
  }

  /** Counts a new connection; false when it is one over the cap (close it). */
  opened(ip: string): boolean {
    if (this.max <= 0) return true;
    const count = (this.open.get(ip) ?? 0) + 1;
    this.open.set(ip, count);
    return count <= this.max;
  }

  closed(ip: string): void {
    if (this.max <= 0) return;
    const count = (this.open.get(ip) ?? 0) - 1;
    if (count > 0) this.open.set(ip, count);
    else this.open.delete(ip);
  }

  /** Addresses holding at least one connection (only counted while the cap is on). */
  get addresses(): number {
    return this.open.size;
  }
}
