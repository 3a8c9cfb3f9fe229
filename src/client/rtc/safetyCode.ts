// The safety code: a short number both people can read to each other to check that nobody sits
// between them. It is made from the DTLS certificate fingerprints of the live connection, both
// of them, sorted, so each side computes the same code; anyone who swapped a fingerprint (the
// signaling server included) to put itself in the middle leaves the two sides with different
// codes. Framework-free; the digest is injected for tests (WebCrypto SHA-256 by default).

export interface Fingerprint {
  /** `sha-256`, as in SDP's `a=fingerprint` and getStats' certificate stats. */
  algorithm: string;
  /** Colon-separated hex bytes. */
  value: string;
}

/** Nine digits, read in three groups: about 30 bits. */
const DIGITS = 9;
const DOMAIN = 'duet-safety-code-v1';

type Digest = (data: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>;
const sha256: Digest = (data) => crypto.subtle.digest('SHA-256', data);

function canonical({ algorithm, value }: Fingerprint): string {
  return `${algorithm.trim().toLowerCase()} ${value.trim().toUpperCase()}`;
}

/** The code for a connection between the two certificates; the same whichever side asks. */
export async function safetyCode(
  local: Fingerprint,
  remote: Fingerprint,
  digest: Digest = sha256,
): Promise<string> {
  const both = [canonical(local), canonical(remote)].sort();
  const hash = new DataView(await digest(new TextEncoder().encode([DOMAIN, ...both].join('\n'))));
  // 64 bits modulo 10^9: every code is as likely as any other, to one part in 10^10.
  const number = hash.getBigUint64(0) % 10n ** BigInt(DIGITS);
  const digits = number.toString().padStart(DIGITS, '0');
  return digits.replace(/(\d{3})(?=\d)/g, '$1 ');
}

/** The `a=fingerprint` lines of an SDP, SHA-256 first. */
export function fingerprintsInSdp(sdp: string): Fingerprint[] {
  const found = [...sdp.matchAll(/^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/gm)].map(
    ([, algorithm = '', value = '']) => ({ algorithm, value }),
  );
  return found.sort(
    (a, b) => Number(b.algorithm === 'sha-256') - Number(a.algorithm === 'sha-256'),
  );
}

interface CertificateStats {
  type: string;
  fingerprint?: string;
  fingerprintAlgorithm?: string;
  localCertificateId?: string;
  remoteCertificateId?: string;
  selectedCandidatePairId?: string;
  dtlsState?: string;
}

/**
 * Both fingerprints of the connection as it stands: the certificates the DTLS handshake used
 * (getStats), or, where the browser does not report them, the negotiated SDP's (which the
 * handshake checked the certificates against). Null before DTLS is up.
 */
export async function liveFingerprints(
  pc: RTCPeerConnection,
): Promise<{ local: Fingerprint; remote: Fingerprint } | null> {
  const report = await pc.getStats();
  const stats = new Map<string, CertificateStats>();
  report.forEach((entry: CertificateStats & { id: string }) => stats.set(entry.id, entry));
  const transport = [...stats.values()].find(
    (s) => s.type === 'transport' && s.dtlsState === 'connected',
  );
  const certificate = (id: string | undefined): Fingerprint | null => {
    const cert = id === undefined ? undefined : stats.get(id);
    if (cert?.fingerprint === undefined || cert.fingerprintAlgorithm === undefined) return null;
    return { algorithm: cert.fingerprintAlgorithm, value: cert.fingerprint };
  };
  const local = certificate(transport?.localCertificateId);
  const remote = certificate(transport?.remoteCertificateId);
  if (local && remote) return { local, remote };
  const localSdp = fingerprintsInSdp(pc.currentLocalDescription?.sdp ?? '')[0];
  const remoteSdp = fingerprintsInSdp(pc.currentRemoteDescription?.sdp ?? '')[0];
  if (pc.connectionState !== 'connected' || !localSdp || !remoteSdp) return null;
  return { local: localSdp, remote: remoteSdp };
}
