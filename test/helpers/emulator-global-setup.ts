/**
 * Vitest global setup for the emulator tests: makes the emulator's test CA (reused across runs,
 * under data/emulator-test) and exports NODE_EXTRA_CA_CERTS before the test workers start, so
 * msal-node, graph-client and jose — which use Node's fetch — trust the emulator exactly as a bot
 * process started with that variable does. Node reads the variable only at process start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureCertificates } from '../../engine/emulator/certificates.ts';

/** Where the emulator tests keep certificates and recordings. */
export const EMULATOR_TEST_DATA_DIR = resolve('data', 'emulator-test');

export default function setup(): void {
  const pki = ensureCertificates(EMULATOR_TEST_DATA_DIR);
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  if (!existing || existing === pki.caCert) {
    process.env.NODE_EXTRA_CA_CERTS = pki.caCert;
    return;
  }
  // Keep a CA the environment already trusts: write both into one bundle.
  const bundle = join(EMULATOR_TEST_DATA_DIR, 'trust-bundle.pem');
  writeFileSync(bundle, `${readFileSync(existing, 'utf8').trim()}\n${readFileSync(pki.caCert, 'utf8')}`);
  process.env.NODE_EXTRA_CA_CERTS = bundle;
}
