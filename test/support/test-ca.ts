/**
 * vitest global setup: a throwaway certificate authority and a `localhost` server certificate made
 * with openssl for this run. Node reads NODE_EXTRA_CA_CERTS only when a process starts, so it is
 * set here, before vitest forks its workers: every worker then trusts the CA, and msal-node and
 * graph-client reach local HTTPS test servers exactly as they reach a private-CA emulator in
 * production. Workers find the files through CALLFLOW_TEST_TLS_DIR. A CA an earlier setup already
 * made trusted is kept: both go into one bundle inside this run's own folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-test-ca-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=callflow test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  );
  const earlier = process.env.NODE_EXTRA_CA_CERTS;
  const trusted = earlier && existsSync(earlier) ? `${readFileSync(earlier, 'utf8').trim()}\n` : '';
  writeFileSync(join(dir, 'trust.pem'), `${trusted}${readFileSync(join(dir, 'ca.pem'), 'utf8')}`);
  process.env.NODE_EXTRA_CA_CERTS = join(dir, 'trust.pem');
  process.env.CALLFLOW_TEST_TLS_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
