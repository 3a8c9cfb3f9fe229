import { describe, expect, it } from 'vitest';
import { DescriptionLedger } from './keptPeerConnection';

const offer = { type: 'offer', sdp: 'o' } as const;
const answer = { type: 'answer', sdp: 'a' } as const;

describe('DescriptionLedger', () => {
  it('moves an offerer through pending and current as JSEP does', () => {
    const ledger = new DescriptionLedger();
    expect(ledger.read('localDescription')).toBeNull();
    ledger.applied('local', offer);
    expect(ledger.read('localDescription')?.sdp).toBe('o');
    expect(ledger.read('currentLocalDescription')).toBeNull();
    ledger.applied('remote', answer);
    expect(ledger.read('currentLocalDescription')?.sdp).toBe('o');
    expect(ledger.read('pendingLocalDescription')).toBeNull();
    expect(ledger.read('remoteDescription')?.sdp).toBe('a');
  });

  it('an answerer settles the remote offer; a rollback returns to what was settled', () => {
    const ledger = new DescriptionLedger();
    ledger.applied('remote', offer);
    ledger.applied('local', answer);
    expect(ledger.read('currentRemoteDescription')?.sdp).toBe('o');
    expect(ledger.read('localDescription')?.sdp).toBe('a');
    ledger.applied('local', { type: 'offer', sdp: 'o2' });
    ledger.applied('local', { type: 'rollback' });
    expect(ledger.read('localDescription')?.sdp).toBe('a');
  });

  it('answers only the description getters', () => {
    expect(new DescriptionLedger().read('signalingState')).toBeUndefined();
  });
});
