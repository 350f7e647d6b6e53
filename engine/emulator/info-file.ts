/**
 * `<dataDir>/emulator.json`: where a running emulator can be reached (URL, CA, app id, pid), written
 * by `callflow emulator` and by `callflow serve` when it runs one in-process, so that `callflow call`
 * finds it without flags. Removed when that emulator stops; a stale file (dead pid) is ignored.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EmulatorInfo {
  base: string;
  caPath: string;
  appId: string;
  phoneNumber: string;
  pid: number;
}

const FILE = 'emulator.json';

export function writeEmulatorInfo(dataDir: string, info: EmulatorInfo): () => void {
  const file = join(dataDir, FILE);
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`);
  return () => {
    // Another emulator may have taken the file over since; only remove our own.
    if (readEmulatorInfo(dataDir)?.pid === info.pid) rmSync(file, { force: true });
  };
}

/** The running emulator described in `dataDir`, if its process is alive. */
export function readEmulatorInfo(dataDir: string): EmulatorInfo | undefined {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return undefined;
  let info: EmulatorInfo;
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as EmulatorInfo;
  } catch {
    return undefined;
  }
  try {
    process.kill(info.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
  }
  return info;
}
