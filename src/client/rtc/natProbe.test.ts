import { describe, expect, it } from 'vitest';
import { classifyNat, describeNat, stunEndpoints, type MappedAddress } from './natProbe';
import { english } from '../testing/english';

const BASE = '198.51.100.18:45199';
const mapped = (port: number, base: string | null = BASE): MappedAddress => ({
  address: '203.0.113.10',
  port,
  base,
});

describe('classifyNat', () => {
  it('one public address for two STUN servers: endpoint-independent', () => {
    expect(classifyNat({ stunServers: 2, mapped: [mapped(45199)] })).toBe('endpoint-independent');
    expect(classifyNat({ stunServers: 2, mapped: [mapped(45199), mapped(45199)] })).toBe(
      'endpoint-independent',
    );
  });

  it('a new port per server from the same socket: symmetric', () => {
    expect(classifyNat({ stunServers: 2, mapped: [mapped(56354), mapped(18395)] })).toBe(
      'symmetric',
    );
  });

  it('different sockets may map to different ports: not symmetric by itself', () => {
    const other = '198.51.100.18:50000';
    expect(classifyNat({ stunServers: 2, mapped: [mapped(45199), mapped(50000, other)] })).toBe(
      'endpoint-independent',
    );
  });

  it('STUN servers asked and no answer: no UDP', () => {
    expect(classifyNat({ stunServers: 2, mapped: [] })).toBe('no-udp');
  });

  it('one server, no server, or hidden bases: unknown (unless two ports prove symmetric)', () => {
    expect(classifyNat({ stunServers: 1, mapped: [mapped(45199)] })).toBe('unknown');
    expect(classifyNat({ stunServers: 0, mapped: [] })).toBe('unknown');
    expect(classifyNat({ stunServers: 2, mapped: [mapped(1, null)] })).toBe('unknown');
    expect(classifyNat({ stunServers: 2, mapped: [mapped(1, null), mapped(2, null)] })).toBe(
      'symmetric',
    );
  });
});

describe('describeNat', () => {
  const with2 = { turnConfigured: true, stunServers: 2 };
  it('says whether direct calls can work, and what else does', () => {
    const direct = describeNat('endpoint-independent', {
      ...with2,
      publicAddress: '203.0.113.10:1',
    });
    expect(direct.directPossible).toBe(true);
    expect(english(direct.text)).toMatch(/direct calls can connect.*203\.0\.113\.10:1/);
    const symmetric = describeNat('symmetric', with2);
    expect(symmetric.directPossible).toBe(false);
    expect(english(symmetric.text)).toMatch(/symmetric NAT.*go through the TURN relay/);
    expect(english(describeNat('symmetric', { ...with2, turnConfigured: false }).text)).toMatch(
      /need a TURN relay, and this server offers none/,
    );
    expect(english(describeNat('no-udp', with2).text)).toMatch(
      /UDP seems blocked.*over TCP or TLS/,
    );
    expect(english(describeNat('unknown', { ...with2, stunServers: 0 }).text)).toMatch(
      /no STUN server/,
    );
    expect(english(describeNat('unknown', { ...with2, stunServers: 1 }).text)).toMatch(
      /single STUN server/,
    );
  });
});

describe('stunEndpoints', () => {
  it('distinct host:port of stun: URLs, default port 3478; TURN URLs are not STUN endpoints', () => {
    expect(
      stunEndpoints([
        { urls: ['stun:203.0.113.100:3478', 'stun:203.0.113.101'] },
        { urls: 'stun:203.0.113.100:3478' },
        { urls: 'turn:203.0.113.100:3478', username: 'u', credential: 'c' },
      ]),
    ).toEqual(['203.0.113.100:3478', '203.0.113.101:3478']);
  });
});
