import { describe, expect, it } from 'vitest';
import { withOpusDtx } from './opusDtx';

const CHROMIUM_AUDIO = [
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  '',
].join('\r\n');

describe('withOpusDtx', () => {
  it("adds usedtx=1 to Opus's fmtp line and leaves every other line as it was", () => {
    const out = withOpusDtx(CHROMIUM_AUDIO);
    expect(out).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
    expect(out).toContain('a=fmtp:63 111/111\r\n');
    expect(out.split('\r\n')).toHaveLength(CHROMIUM_AUDIO.split('\r\n').length);
  });

  it('replaces a usedtx=0 instead of adding a second one, and is idempotent', () => {
    const off = CHROMIUM_AUDIO.replace('useinbandfec=1', 'useinbandfec=1;usedtx=0');
    const once = withOpusDtx(off);
    expect(once).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
    expect(withOpusDtx(once)).toBe(once);
  });

  it('leaves an Opus format without an fmtp line as it is', () => {
    const sdp = ['m=audio 9 UDP/TLS/RTP/SAVPF 109', 'a=rtpmap:109 opus/48000/2', ''].join('\n');
    expect(withOpusDtx(sdp)).toBe(sdp);
  });

  it('changes nothing without Opus', () => {
    const sdp = 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n';
    expect(withOpusDtx(sdp)).toBe(sdp);
  });
});
