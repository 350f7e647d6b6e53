/**
 * Azurite, Microsoft's Azure Storage emulator, from the `azurite` npm package: its Blob service on a
 * free port with nothing on disk (`--inMemoryPersistence`) and no telemetry sent anywhere
 * (`--disableTelemetry`), for tests that run the real @azure/storage-blob against it.
 * `--skipApiVersionCheck` lets the SDK speak a newer API version than this Azurite release knows.
 *
 * Azurite accepts the legacy Storage Emulator's well-known account and key (learn.microsoft.com/
 * azure/storage/common/storage-connect-azurite, "Use the well-known storage account and key"), in
 * IP-style URLs `http://<host>:<port>/<account>/<container>`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1`: the account's blob endpoint. */
  endpoint: string;
  /** The well-known account's connection string for this endpoint, with `key` instead of the well-known key when given. */
  connectionString(key?: string): string;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<Azurite> {
  // Its own working folder: Azurite writes nothing with in-memory persistence, but a debug log would land here.
  const cwd = mkdtempSync(join(tmpdir(), 'azurite-'));
  // The package's own azurite-blob program, run by this Node: found through the package, not a shell shim.
  const packageJson = fileURLToPath(import.meta.resolve('azurite/package.json'));
  const { bin } = JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: Record<string, string> };
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(dirname(packageJson), bin['azurite-blob'] ?? 'dist/src/blob/main.js'),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '64',
      '--silent',
      '--skipApiVersionCheck',
      '--disableTelemetry',
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start in 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code}):\n${output}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    endpoint,
    connectionString: (key = AZURITE_KEY) => `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${key};BlobEndpoint=${endpoint};`,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
