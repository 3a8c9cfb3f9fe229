import { describe, expect, it } from 'vitest';
import {
  candidateTypeOf,
  describeIceError,
  gatheringProblem,
  hasTurn,
  type GatheringOutcome,
} from './iceProblems';
import { english } from '../testing/english';

const TURN = 'turn:127.0.0.1:3478?transport=udp';
const outcome = (patch: Partial<GatheringOutcome>): GatheringOutcome => ({
  relayOnly: true,
  turnConfigured: true,
  types: new Set(),
  errors: [],
  ...patch,
});

describe('candidateTypeOf', () => {
  it('reads the type from an SDP candidate line', () => {
    expect(
      candidateTypeOf(
        'candidate:1 1 udp 58663167 127.0.0.1 31198 typ relay raddr 127.0.0.1 rport 5 generation 0',
      ),
    ).toBe('relay');
    expect(
      candidateTypeOf('candidate:1 1 udp 2122260223 10.0.0.2 56092 typ host generation 0'),
    ).toBe('host');
    expect(candidateTypeOf('a=candidate:1 1 udp 1 1.2.3.4 9 typ srflx')).toBe('srflx');
  });

  it('is null for a line without a known type', () => {
    expect(candidateTypeOf('candidate:1 1 udp 1 1.2.3.4 9 typ relayed')).toBeNull();
    expect(candidateTypeOf('')).toBeNull();
  });
});

describe('describeIceError', () => {
  it('names the two codes a user can act on', () => {
    expect(english(describeIceError({ errorCode: 401, errorText: 'Unauthorized' }))).toBe(
      'the relay refused the credential (401)',
    );
    expect(english(describeIceError({ errorCode: 701, errorText: '' }))).toBe(
      'the server could not be reached (701)',
    );
    expect(
      english(describeIceError({ errorCode: 486, errorText: 'Allocation Quota Reached' })),
    ).toBe('error 486 (Allocation Quota Reached)');
  });
});

describe('hasTurn', () => {
  it('finds turn: and turns: URLs, in a list or alone', () => {
    expect(hasTurn([{ urls: 'stun:s' }])).toBe(false);
    expect(hasTurn([{ urls: ['stun:s', 'turns:t:443'] }])).toBe(true);
    expect(hasTurn([])).toBe(false);
  });
});

describe('gatheringProblem', () => {
  it('is null when a usable candidate was found', () => {
    expect(gatheringProblem(outcome({ types: new Set(['relay']) }))).toBeNull();
    expect(gatheringProblem(outcome({ relayOnly: false, types: new Set(['host']) }))).toBeNull();
  });

  it('relay-only and a 401 from the TURN server: the credential was refused, tell the operator', () => {
    const text = english(
      gatheringProblem(
        outcome({ errors: [{ url: TURN, errorCode: 401, errorText: 'Unauthorized' }] }),
      ),
    );
    expect(text).toContain('refused');
    expect(text).toContain('401');
    expect(text).toContain('TURN_SECRET');
  });

  it('a 401 wins over a 701 from another URL', () => {
    const errors = [
      { url: 'turn:t?transport=tcp', errorCode: 701, errorText: '' },
      { url: TURN, errorCode: 401, errorText: 'Unauthorized' },
    ];
    expect(english(gatheringProblem(outcome({ errors })))).toContain('401');
  });

  it('relay-only and 701: unreachable, naming the URL', () => {
    const text = english(
      gatheringProblem(outcome({ errors: [{ url: TURN, errorCode: 701, errorText: 'timeout' }] })),
    );
    expect(text).toContain('could not be reached (error 701, turn:127.0.0.1:3478?transport=udp)');
  });

  it('STUN errors do not explain a missing relay', () => {
    const text = english(
      gatheringProblem(outcome({ errors: [{ url: 'stun:s', errorCode: 701, errorText: '' }] })),
    );
    expect(text).toContain('gave no relay address');
  });

  it('relay-only without any TURN server says so', () => {
    expect(english(gatheringProblem(outcome({ turnConfigured: false })))).toContain(
      'offers no TURN relay',
    );
  });

  it('no candidates at all without relay-only: check the network', () => {
    expect(english(gatheringProblem(outcome({ relayOnly: false })))).toContain('no network path');
  });
});
