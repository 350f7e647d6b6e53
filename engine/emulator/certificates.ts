/**
 * The emulator's private PKI, made with Debian's `openssl` into `<dataDir>/pki/` and reused across
 * runs: a local CA (trusted by bots through NODE_EXTRA_CA_CERTS), the HTTPS server certificate
 * (SAN localhost, 127.0.0.1, ::1) and two signing certificates, one for the access tokens the
 * identity endpoint issues and one for the notification JWTs. Signing keys are certificate-backed
 * because the real key documents publish `x5c` chains.
 *
 * The whole set is generated in a scratch folder and renamed into place in one step, so two
 * processes starting at once (parallel test workers) never mix a CA with another CA's leaf.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Paths of the PEM files of one PKI set. */
export interface PkiFiles {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  tokenSigningCert: string;
  tokenSigningKey: string;
  notificationSigningCert: string;
  notificationSigningKey: string;
}

/** A server certificate this close to expiry is renewed (with the same CA) at start. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;
const SERVER_NAMES = ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1'];

function filesIn(dir: string): PkiFiles {
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    tokenSigningCert: join(dir, 'token-signing.pem'),
    tokenSigningKey: join(dir, 'token-signing.key'),
    notificationSigningCert: join(dir, 'notification-signing.pem'),
    notificationSigningKey: join(dir, 'notification-signing.key'),
  };
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0]} failed (is Debian's openssl installed?): ${stderr || (error as Error).message}`, { cause: error });
  }
}

/** Issues a leaf certificate signed by the CA in `dir`. */
function issueLeaf(dir: string, name: string, subject: string, extensions: string[], days: number): void {
  writeFileSync(join(dir, `${name}.ext`), `${extensions.join('\n')}\n`);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-set_serial',
      `0x${Date.now().toString(16)}${Math.floor(Math.random() * 1e6).toString(16)}`,
      '-days',
      String(days),
      '-sha256',
      '-out',
      `${name}.pem`,
      '-extfile',
      `${name}.ext`,
    ],
    dir,
  );
  rmSync(join(dir, `${name}.csr`));
  rmSync(join(dir, `${name}.ext`));
}

function issueServerCertificate(dir: string): void {
  issueLeaf(
    dir,
    'server',
    '/CN=localhost/O=callflow Graph emulator',
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
      'authorityKeyIdentifier=keyid,issuer',
    ],
    825,
  );
}

function generateSet(dir: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3650',
      '-sha256',
      '-subj',
      '/CN=callflow Graph emulator local CA/O=callflow',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'subjectKeyIdentifier=hash',
    ],
    dir,
  );
  issueServerCertificate(dir);
  const signing = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'authorityKeyIdentifier=keyid,issuer'];
  issueLeaf(dir, 'token-signing', '/CN=callflow emulator access-token signing', signing, 3650);
  issueLeaf(dir, 'notification-signing', '/CN=callflow emulator notification signing', signing, 3650);
}

function serverCertificateUsable(files: PkiFiles): boolean {
  const cert = new X509Certificate(readFileSync(files.serverCert));
  const names = (cert.subjectAltName ?? '').split(', ');
  const fresh = new Date(cert.validTo).getTime() - Date.now() > RENEW_BEFORE_MS;
  return fresh && SERVER_NAMES.every((name) => names.includes(name)) && cert.checkIssued(new X509Certificate(readFileSync(files.caCert)));
}

/**
 * Returns the PKI under `<dataDir>/pki`, generating it on first use and renewing the server
 * certificate (same CA, so bots keep trusting it) when it is close to expiry.
 *
 * @example
 * const pki = ensureCertificates('./data/emulator');
 * console.log(`NODE_EXTRA_CA_CERTS=${pki.caCert}`);
 */
export function ensureCertificates(dataDir: string): PkiFiles {
  mkdirSync(dataDir, { recursive: true });
  const files = filesIn(join(dataDir, 'pki'));
  if (!existsSync(files.notificationSigningKey)) {
    const scratch = mkdtempSync(join(dataDir, '.pki-'));
    try {
      generateSet(scratch);
      renameSync(scratch, files.dir);
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      // Another process renamed its complete set into place first: use that one.
      if (!existsSync(files.notificationSigningKey)) throw error;
    }
  }
  if (!serverCertificateUsable(files)) issueServerCertificate(files.dir);
  return files;
}
