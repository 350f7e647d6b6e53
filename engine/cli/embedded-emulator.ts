/**
 * The emulator `callflow serve` runs in-process when no Azure credentials are set: its data (PKI,
 * generated app credentials, recordings) under `./data/emulator`, its app's calling webhook pointed
 * at this engine, and the environment that makes the engine use it.
 */
import { resolve } from 'node:path';
import type { EngineConfig } from '../config.ts';
import { ensureCertificates } from '../emulator/certificates.ts';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import { writeEmulatorInfo } from '../emulator/info-file.ts';
import { resolveApps } from '../emulator/options.ts';

export const EMBEDDED_EMULATOR_DIR = resolve('data', 'emulator');
/** The port `callflow emulator` uses too; a free one is taken when it is busy. */
const PREFERRED_PORT = 8443;

/** The CA the engine must trust to reach the emulator (created on first use). */
export function embeddedEmulatorCa(dataDir = EMBEDDED_EMULATOR_DIR): string {
  return ensureCertificates(dataDir).caCert;
}

export interface EmbeddedEmulator {
  emulator: RunningEmulator;
  /** Engine environment: credentials, authority, Graph URL and notification OpenID URL of the emulator. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startEmbeddedEmulator(config: EngineConfig, dataDir = EMBEDDED_EMULATOR_DIR): Promise<EmbeddedEmulator> {
  const callbackUri = `${config.publicUrl}/api/calling`;
  const apps = resolveApps(dataDir, undefined).map((app) => ({ ...app, callbackUri }));
  const options = { dataDir, apps, host: '127.0.0.1' };
  const emulator = await startEmulator({ ...options, port: PREFERRED_PORT }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    return startEmulator({ ...options, port: 0 });
  });
  const removeInfo = writeEmulatorInfo(dataDir, {
    base: emulator.urls.base,
    caPath: emulator.caPath,
    appId: emulator.appId,
    phoneNumber: emulator.apps[0].phoneNumber,
    pid: process.pid,
  });
  const { NODE_EXTRA_CA_CERTS: _trustedAtStart, AZURE_SPEECH_ENDPOINT, AZURE_SPEECH_KEY, ...graphEnv } = emulator.env;
  // The Speech stand-in only when no Speech resource is configured: emulated Graph with real voices is a fair combination.
  const ownSpeech = Boolean(process.env.AZURE_SPEECH_REGION?.trim() || process.env.AZURE_SPEECH_ENDPOINT?.trim());
  // Dialling phone numbers needs an application instance: the emulated app's, unless one is set.
  const env = {
    ...graphEnv,
    ...(ownSpeech ? {} : { AZURE_SPEECH_ENDPOINT, AZURE_SPEECH_KEY }),
    CALLFLOW_APP_INSTANCE_ID: config.appInstanceId ?? emulator.apps[0].applicationInstanceId,
  };
  return {
    emulator,
    env,
    async stop() {
      removeInfo();
      await emulator.stop();
    },
  };
}
