/**
 * The certificates of one cluster run, made with `openssl` at each start (nothing to renew or
 * revoke: the next start makes new ones): a CA, the frontend's server certificate for 127.0.0.1
 * and localhost, and one client certificate that Handoff's processes, the CLI, the Temporal UI and
 * the server's own system worker present (the frontend requires one). Keys are ECDSA P-256, 0600.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ClusterCertificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

const DAYS = '30';

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('openssl is missing: run `sudo apt-get install -y openssl`', { cause: error });
    throw error;
  }
}

function newKey(file: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
  chmodSync(file, 0o600);
}

/** A certificate for `key`, signed by the CA, with the extensions given (an OpenSSL extension file's lines). */
function signed(dir: string, name: string, subject: string, extensions: string[]): { cert: string; key: string } {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  const request = path.join(dir, `${name}.csr`);
  const extensionFile = path.join(dir, `${name}.ext`);
  newKey(key);
  openssl(['req', '-new', '-key', key, '-subj', subject, '-out', request]);
  writeFileSync(extensionFile, `${extensions.join('\n')}\n`);
  openssl([
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    path.join(dir, 'ca.pem'),
    '-CAkey',
    path.join(dir, 'ca.key'),
    '-set_serial',
    `0x${Date.now().toString(16)}${name.length}`,
    '-days',
    DAYS,
    '-sha256',
    '-extfile',
    extensionFile,
    '-out',
    cert,
  ]);
  return { cert, key };
}

export function generateCertificates(dir: string): ClusterCertificates {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = path.join(dir, 'ca.pem');
  newKey(path.join(dir, 'ca.key'));
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    path.join(dir, 'ca.key'),
    '-subj',
    '/CN=Handoff cluster CA',
    '-days',
    DAYS,
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    ca,
  ]);
  const server = signed(dir, 'frontend', '/CN=localhost', [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth,clientAuth',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  const client = signed(dir, 'client', '/CN=handoff', [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=clientAuth',
  ]);
  return { ca, serverCert: server.cert, serverKey: server.key, clientCert: client.cert, clientKey: client.key };
}
