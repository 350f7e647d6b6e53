/**
 * Making this process trust a private CA (the emulator's) for its outbound HTTPS.
 *
 * msal-node 7 and jose use Node's global fetch (undici); Graph requests go through node:https
 * (engine/graph/client/https-message-handler.ts). On Node 20 both take their trust from the built-in
 * roots plus NODE_EXTRA_CA_CERTS, which Node reads once, when the process starts; there is no API to
 * add a CA later (tls.setDefaultCACertificates arrived in Node 22.19/24.5), and handing each
 * library its own dispatcher would need the separate undici package plus several different hooks
 * (msal's networkClient, jose's customFetch, and our own fetch of the OpenID document), and a `ca`
 * for the Graph sender's agents. So `callflow serve` re-runs itself once,
 * with NODE_EXTRA_CA_CERTS naming a bundle of the CA it was started with (if any) and the
 * emulator's — the same mechanism a bot started by hand uses, one extra process start (~0.5 s).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** True when NODE_EXTRA_CA_CERTS (as this process started) already contains the CA in `caPath`. */
export function trustsCa(caPath: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (!extra || !existsSync(extra)) return false;
  return readFileSync(extra, 'utf8').includes(readFileSync(caPath, 'utf8').trim());
}

/**
 * Runs this same command again in a child process that trusts `caPath`, with stdio inherited and
 * SIGINT/SIGTERM passed on; resolves with the child's exit code.
 */
export function rerunTrusting(caPath: string, bundleDir: string): Promise<number> {
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  let trustFile = caPath;
  if (existing && existsSync(existing)) {
    trustFile = join(bundleDir, 'trust-bundle.pem');
    writeFileSync(trustFile, `${readFileSync(existing, 'utf8').trim()}\n${readFileSync(caPath, 'utf8')}`);
  }
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: trustFile },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
