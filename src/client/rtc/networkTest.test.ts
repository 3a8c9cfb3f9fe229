import { describe, expect, it } from 'vitest';
import {
  probeTargets,
  problemsOf,
  relayFailure,
  sortTypes,
  verdict,
  type ProbeResult,
} from './networkTest';
import { english } from '../testing/english';

const UDP = 'turn:127.0.0.1:3478?transport=udp';
const TCP = 'turn:127.0.0.1:3478?transport=tcp';
const result = (patch: Partial<ProbeResult> & { url: string }): ProbeResult => ({
  types: ['host'],
  firstRelayMs: null,
  errors: [],
  timedOut: false,
  ...patch,
});

describe('probeTargets', () => {
  it('one target per URL, each keeping its server credential', () => {
    const targets = probeTargets([
      { urls: 'stun:s:3478' },
      { urls: [UDP, TCP], username: '1:u', credential: 'c' },
    ]);
    expect(targets).toEqual([
      { url: 'stun:s:3478', server: { urls: 'stun:s:3478' } },
      { url: UDP, server: { urls: UDP, username: '1:u', credential: 'c' } },
      { url: TCP, server: { urls: TCP, username: '1:u', credential: 'c' } },
    ]);
  });
});

describe('sortTypes', () => {
  it('dedupes and orders host, srflx, prflx, relay', () => {
    expect(sortTypes(['relay', 'host', 'relay', 'srflx'])).toEqual(['host', 'srflx', 'relay']);
  });
});

describe('relayFailure', () => {
  it('null when a relay candidate came', () => {
    expect(relayFailure(result({ url: UDP, types: ['host', 'relay'] }))).toBeNull();
  });

  it('prefers the 401, then the 701, then any other error', () => {
    const errors = [
      { code: 701, text: '' },
      { code: 401, text: 'Unauthorized' },
    ];
    expect(english(relayFailure(result({ url: UDP, errors })))).toBe(
      'the relay refused the credential (401)',
    );
    expect(english(relayFailure(result({ url: UDP, errors: [{ code: 701, text: '' }] })))).toBe(
      'the server could not be reached (701)',
    );
  });

  it('a probe that ran out of time says timeout', () => {
    expect(english(relayFailure(result({ url: UDP, timedOut: true }), 10_000))).toBe(
      'no answer within 10 s (timeout)',
    );
  });
});

describe('problemsOf', () => {
  it('lists each error with its code, and a timeout', () => {
    const r = result({ url: UDP, errors: [{ code: 401, text: 'Unauthorized' }], timedOut: true });
    expect(problemsOf(r).map(english)).toEqual([
      'the relay refused the credential (401)',
      'timeout: gathering had not finished',
    ]);
    expect(problemsOf(result({ url: UDP }))).toEqual([]);
  });
});

describe('verdict', () => {
  it('relay works, with the fastest first relay', () => {
    const v = verdict([
      result({ url: UDP, types: ['host', 'relay'], firstRelayMs: 42.4 }),
      result({ url: TCP, types: ['host', 'relay'], firstRelayMs: 80 }),
    ]);
    expect({ ...v, text: english(v.text) }).toEqual({
      ok: true,
      text: `relay works via ${UDP}, ${TCP}, first relay candidate in 42 ms`,
    });
  });

  it('relay works over one transport but names the failing one', () => {
    const v = verdict([
      result({ url: UDP, types: ['host', 'relay'], firstRelayMs: 10 }),
      result({ url: TCP, errors: [{ code: 701, text: '' }] }),
    ]);
    expect(v.ok).toBe(true);
    expect(english(v.text)).toContain(`(but ${TCP}: the server could not be reached (701))`);
  });

  it('relay fails: every TURN URL refused the credential', () => {
    const errors = [{ code: 401, text: 'Unauthorized' }];
    const v = verdict([result({ url: UDP, errors }), result({ url: TCP, errors })]);
    expect(v.ok).toBe(false);
    expect(english(v.text)).toBe(
      `relay fails: ${UDP}: the relay refused the credential (401); ${TCP}: the relay refused the credential (401)`,
    );
  });

  it('relay fails when no TURN server is configured, even if STUN works', () => {
    const v = verdict([result({ url: 'stun:s', types: ['host', 'srflx'] })]);
    expect(v.ok).toBe(false);
    expect(english(v.text)).toMatch(/^relay fails: this server configures no TURN relay/);
  });
});
