import { describe, expect, it } from 'vitest';
import { iceServersFor, turnCredential } from './ice.js';

// echo -n "1700000000:alice" | openssl dgst -sha1 -hmac s3cret -binary | base64
const KNOWN_CREDENTIAL = 'TtElzSjT0GdnTQ9xdcRNxx96yQs=';

const base = { stunUrls: [], turnUrls: [], turnSecret: null, turnTtl: 600 };

describe('turnCredential', () => {
  it('matches coturn use-auth-secret (known vector)', () => {
    expect(turnCredential('s3cret', 'alice', 1_700_000_000)).toEqual({
      username: '1700000000:alice',
      credential: KNOWN_CREDENTIAL,
    });
  });
});

describe('iceServersFor', () => {
  it('is empty without STUN or TURN', () => {
    expect(iceServersFor(base, 'u', 0)).toEqual({ iceServers: [], ttl: 600 });
  });

  it('hands out STUN urls without credentials', () => {
    const ice = iceServersFor({ ...base, stunUrls: ['stun:a', 'stun:b'] }, 'u', 0);
    expect(ice.iceServers).toEqual([{ urls: ['stun:a', 'stun:b'] }]);
  });

  it('gives TURN a credential expiring ttl seconds from now, never the secret', () => {
    const config = { ...base, turnUrls: ['turn:t:3478'], turnSecret: 's3cret', turnTtl: 600 };
    const ice = iceServersFor(config, 'alice', 1_699_999_400_500);
    expect(ice).toEqual({
      iceServers: [
        { urls: ['turn:t:3478'], username: '1700000000:alice', credential: KNOWN_CREDENTIAL },
      ],
      ttl: 600,
    });
    expect(JSON.stringify(ice)).not.toContain('s3cret');
  });
});
