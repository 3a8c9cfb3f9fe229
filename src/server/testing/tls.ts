// A throwaway self-signed certificate for 127.0.0.1/localhost, made with the system openssl in a
// temp directory that removeTempDirs() (closeAll) removes.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tempDirs.js';

export interface TestCert {
  certFile: string;
  keyFile: string;
  /** The certificate PEM, to trust it as a CA in clients. */
  pem: string;
  /** Base64 SHA-256 of its public key, for Chromium's --ignore-certificate-errors-spki-list. */
  spki: string;
}

/** A self-signed certificate for localhost and 127.0.0.1, plus `extraIps` (e.g. a lab's public address). */
export function selfSignedCert(extraIps: string[] = []): TestCert {
  const dir = tempDir('duet-tls-');
  const [certFile, keyFile] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      `subjectAltName=${['DNS:localhost', 'IP:127.0.0.1', ...extraIps.map((ip) => `IP:${ip}`)].join(',')}`,
    ],
    { stdio: 'ignore' },
  );
  const publicKey = createPublicKey(readFileSync(keyFile));
  const spki = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
  return { certFile, keyFile, pem: readFileSync(certFile, 'utf8'), spki };
}
