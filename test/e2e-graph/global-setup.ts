/**
 * Vitest global setup of the end-to-end Graph tests: the emulator's PKI, made once before the test
 * files start their emulator processes side by side (two processes generating the same
 * certificates at once would race). Each stack copies it into its own data folder with its bot
 * registrations (stack.ts).
 */
import { mkdirSync } from 'node:fs';
import { ensureCertificates } from '../../engine/emulator/certificates.ts';
import { E2E_DATA_DIR } from './stack-config.ts';

export default function setup(): void {
  mkdirSync(E2E_DATA_DIR, { recursive: true });
  ensureCertificates(E2E_DATA_DIR);
}
