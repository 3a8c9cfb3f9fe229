import { describe, expect, it } from 'vitest';
import { ClientAddresses, parseProxyEntry } from './clientAddress.js';

describe('parseProxyEntry', () => {
  it.each([
    ['10.0.0.9', { address: '10.0.0.9' }],
    ['10.0.0.0/8', { address: '10.0.0.0', prefix: 8 }],
    ['::1', { address: '::1' }],
    ['fd00::/8', { address: 'fd00::', prefix: 8 }],
    ['2001:db8::/128', { address: '2001:db8::', prefix: 128 }],
  ])('accepts %s', (entry, parsed) => expect(parseProxyEntry(entry)).toEqual(parsed));

  it.each([
    'nginx',
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/8/1',
    '10.0.0.0/',
    '10.0.0.0/x',
    '999.1.1.1',
  ])('refuses %s', (entry) => expect(parseProxyEntry(entry)).toBeNull());
});

describe('ClientAddresses.resolve', () => {
  const behindNginx = new ClientAddresses(['127.0.0.1', '10.1.0.0/16']);

  it('is the TCP peer when no proxy is trusted, whatever the header says', () => {
    const direct = new ClientAddresses([]);
    expect(direct.resolve('127.0.0.1', '203.0.113.7')).toBe('127.0.0.1');
    expect(direct.resolve('::ffff:198.51.100.2', undefined)).toBe('198.51.100.2');
  });

  it('is the TCP peer when the peer is not a trusted proxy (the header is the client’s own)', () => {
    expect(behindNginx.resolve('198.51.100.2', '203.0.113.7')).toBe('198.51.100.2');
  });

  it('is the address the trusted proxy forwards', () => {
    expect(behindNginx.resolve('127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(behindNginx.resolve('::ffff:127.0.0.1', ' 2001:db8::5 ')).toBe('2001:db8::5');
  });

  it('never believes what the client wrote left of the proxy’s entry', () => {
    // The client sent "X-Forwarded-For: 203.0.113.7"; nginx appended its real address.
    expect(behindNginx.resolve('127.0.0.1', '203.0.113.7, 198.51.100.2')).toBe('198.51.100.2');
    expect(behindNginx.resolve('127.0.0.1', ['203.0.113.7', '198.51.100.2'])).toBe('198.51.100.2');
  });

  it('walks through a chain of trusted proxies', () => {
    expect(behindNginx.resolve('127.0.0.1', '198.51.100.2, 10.1.4.4, 10.1.0.3')).toBe(
      '198.51.100.2',
    );
  });

  it('falls back to the farthest hop, or the peer, when everything is a trusted proxy', () => {
    expect(behindNginx.resolve('127.0.0.1', '10.1.0.3')).toBe('10.1.0.3');
    expect(behindNginx.resolve('127.0.0.1', '')).toBe('127.0.0.1');
    expect(behindNginx.resolve('127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it('keeps an entry a trusted proxy wrote that is not an address, as the key it is', () => {
    expect(behindNginx.resolve('127.0.0.1', 'unknown')).toBe('unknown');
  });
});
