import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AddressRate } from './addressRate.js';
import { ClientAddresses } from './clientAddress.js';
import { ConnectionsPerIp } from './connectionLimit.js';
import { HandshakeGate, QUIET_REFUSAL_MS } from './handshakeGate.js';

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

function gate({ rate = 10, burst = 3, maxConnections = 0, proxies = [] as string[] } = {}) {
  const refused: string[] = [];
  const perIp = new ConnectionsPerIp(maxConnections);
  const g = new HandshakeGate(new ClientAddresses(proxies), perIp, new AddressRate(rate, burst), {
    refused: (reason) => void refused.push(reason),
  });
  return { gate: g, perIp, refused };
}

describe('HandshakeGate', () => {
  it('answers the first refusal, then closes the address early while it stays over its rate', () => {
    const { gate: g, refused } = gate();
    for (let i = 0; i < 3; i += 1) expect(g.check(request('192.0.2.7'), 0)).toBeNull();
    expect(g.closesEarly('192.0.2.7', 0)).toBe(false); // never refused yet: no early close
    expect(g.check(request('192.0.2.7'), 0)).toMatchObject({ reason: 'handshake-rate' });
    expect(g.closesEarly('192.0.2.7', 10)).toBe(true);
    expect(g.closesEarly('::ffff:192.0.2.7', 20)).toBe(true); // the same client, dual-stack
    expect(g.closesEarly('192.0.2.8', 20)).toBe(false); // another address is not held up
    expect(refused).toEqual(['handshake-rate', 'handshake-rate', 'handshake-rate']);
  });

  it('lets a connection through to the handshake once its address has a handshake to spend', () => {
    const { gate: g } = gate({ rate: 10, burst: 1 });
    expect(g.check(request('192.0.2.7'), 0)).toBeNull();
    expect(g.check(request('192.0.2.7'), 0)).not.toBeNull();
    expect(g.closesEarly('192.0.2.7', 50)).toBe(true);
    // 10/s: a token is back after 100 ms, and the handshake, not the accept, spends it.
    expect(g.closesEarly('192.0.2.7', 100)).toBe(false);
    expect(g.check(request('192.0.2.7'), 100)).toBeNull();
  });

  it('answers a refusal again after QUIET_REFUSAL_MS, so a flood is told why once a second', () => {
    const { gate: g } = gate({ rate: 0.001, burst: 1 });
    g.check(request('192.0.2.7'), 0);
    expect(g.check(request('192.0.2.7'), 0)).not.toBeNull();
    expect(g.closesEarly('192.0.2.7', QUIET_REFUSAL_MS - 1)).toBe(true);
    expect(g.closesEarly('192.0.2.7', QUIET_REFUSAL_MS)).toBe(false);
  });

  it('never closes early for MAX_CONNECTIONS_PER_IP: a standing cap, not a flood', () => {
    const { gate: g, perIp } = gate({ maxConnections: 1, burst: 100 });
    expect(g.check(request('192.0.2.7'), 0)).toBeNull();
    perIp.opened('192.0.2.7');
    expect(g.check(request('192.0.2.7'), 0)).toMatchObject({ reason: 'connections-per-ip' });
    expect(g.check(request('192.0.2.7'), 1)).toMatchObject({ reason: 'connections-per-ip' });
    // Its page loads and API calls on the same port go on: only the handshake is refused.
    expect(g.closesEarly('192.0.2.7', 2)).toBe(false);
  });

  it('never closes early behind a trusted proxy: its clients are known only from the headers', () => {
    const { gate: g } = gate({ burst: 1, proxies: ['10.0.0.1'] });
    g.check(request('10.0.0.1', '192.0.2.7'), 0);
    expect(g.check(request('10.0.0.1', '192.0.2.7'), 0)).not.toBeNull();
    expect(g.closesEarly('10.0.0.1', 1)).toBe(false);
  });
});
