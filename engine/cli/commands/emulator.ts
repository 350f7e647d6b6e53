import { resolve } from 'node:path';
import { startEmulator } from '../../emulator/index.ts';
import { writeEmulatorInfo } from '../../emulator/info-file.ts';
import { resolveApps } from '../../emulator/options.ts';
import { parseVariations } from '../../emulator/variations.ts';

/** Options of `callflow emulator`. */
export interface EmulatorCommandOptions {
  port: string;
  host: string;
  dataDir: string;
  speed: string;
  seed?: string;
  variations?: string;
  callbackUri?: string;
  verbose?: boolean;
}

/**
 * Runs the Graph calling emulator until SIGINT/SIGTERM and prints what a bot needs to use it:
 * URLs, the CA to trust, the tenant, app id and secret, and the environment variables.
 */
export async function emulatorCommand(options: EmulatorCommandOptions): Promise<number> {
  const dataDir = resolve(options.dataDir);
  const apps = resolveApps(dataDir, undefined).map((app) => (options.callbackUri ? { ...app, callbackUri: options.callbackUri } : app));
  const emulator = await startEmulator({
    dataDir,
    apps,
    port: Number(options.port),
    host: options.host,
    speed: Number(options.speed),
    ...(options.seed !== undefined ? { seed: Number(options.seed) } : {}),
    ...(options.variations ? { variations: parseVariations(options.variations) } : {}),
    log: options.verbose ? (line) => console.log(`[emulator] ${line}`) : undefined,
  });
  const app = emulator.apps[0];
  const removeInfo = writeEmulatorInfo(dataDir, {
    base: emulator.urls.base,
    caPath: emulator.caPath,
    appId: emulator.appId,
    phoneNumber: app.phoneNumber,
    pid: process.pid,
  });
  const rows: Array<[string, string]> = [
    ['Graph', emulator.urls.graph],
    ['authority (msal-node)', emulator.urls.authority],
    ['notification OpenID', emulator.openIdUrl],
    ['people API', emulator.urls.people],
    ['Azure Speech', emulator.urls.speech],
    ['CA certificate', emulator.caPath],
    ['tenant', emulator.tenantId],
    ['app id', emulator.appId],
    ['secret', emulator.secret],
    ['bot calling webhook', app.callbackUri],
    ['sign-in redirect URIs', app.redirectUris.join(', ')],
    ['sign-in users', emulator.users.map((u) => u.userPrincipalName).join(', ')],
  ];
  console.log(
    `callflow Graph emulator listening on ${emulator.urls.base} (speed ×${Number(options.speed)}, seed ${emulator.seed}: --seed ${emulator.seed} replays it)`,
  );
  for (const [name, value] of rows) console.log(`  ${name.padEnd(22)} ${value}`);
  console.log(
    `\nmsal-node: authority ${emulator.urls.authority}, knownAuthorities ['${new URL(emulator.urls.base).host}']; graph-client: customHosts ['${new URL(emulator.urls.base).hostname}']`,
  );
  console.log('\nEnvironment for the bot:');
  for (const [name, value] of Object.entries(emulator.env)) console.log(`${name}=${value}`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  removeInfo();
  await emulator.stop();
  return 0;
}
