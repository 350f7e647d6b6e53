/**
 * Vitest global setup of the end-to-end Graph tests: the emulator's PKI and the bot registration
 * they use, written once before the test files start their emulator processes side by side (two
 * processes generating the same certificates at once would race). The app id is the survey bot's
 * and the application instance the reception's, as flows/routes.json names them, so incoming calls
 * reach their flows through the real routes file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCertificates } from '../../engine/emulator/certificates.ts';
import { E2E_APP, E2E_DATA_DIR } from './stack-config.ts';

export default function setup(): void {
  mkdirSync(E2E_DATA_DIR, { recursive: true });
  ensureCertificates(E2E_DATA_DIR);
  writeFileSync(join(E2E_DATA_DIR, 'apps.json'), `${JSON.stringify([E2E_APP], null, 2)}\n`);
}
