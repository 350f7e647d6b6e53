/**
 * podman as the image lane runs it on this project's machines: the settings file beside this one
 * (runc, no default ulimits), the host's network, and every command's output kept for the error
 * that reports it. Kept apart from the test, which decides what is built and run.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../engine/node/paths.ts';

export const CONTAINERS_CONF = join(ROOT, 'test', 'image', 'containers.conf');

const env = { ...process.env, CONTAINERS_CONF };

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command with the lane's podman settings; resolves with its exit code, whatever it is. */
export function runCommand(command: string, args: string[], timeoutMs = 900_000): Promise<Finished> {
  const started = Date.now();
  return new Promise((done) => {
    execFile(command, args, { env, cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** `podman …`; fails with its output when it exits non-zero. */
export async function podman(...args: string[]): Promise<Finished> {
  const finished = await runCommand('podman', args);
  if (finished.code !== 0) throw new Error(`podman ${args.join(' ')} exited ${finished.code}:\n${finished.stdout}\n${finished.stderr}`);
  return finished;
}

/** The base image (scripts/build-base-image.mjs: built once per Debian suite and Node version, then found). */
/**
 * Builds run at a lower priority (nice 10): they take minutes of compiling beside the unit tests,
 * whose timeouts should not depend on them.
 */
export function runBuild(command: string, args: string[]): Promise<Finished> {
  return runCommand('nice', ['-n', '10', command, ...args]);
}

export async function baseImage(): Promise<{ tag: string; seconds: number }> {
  const finished = await runBuild(process.execPath, [join(ROOT, 'scripts', 'build-base-image.mjs')]);
  if (finished.code !== 0) throw new Error(`scripts/build-base-image.mjs exited ${finished.code}:\n${finished.stderr}`);
  return { tag: finished.stdout.trim(), seconds: finished.seconds };
}

/** The image's configuration as `podman image inspect` gives it (Docker format, so the health check is kept). */
export interface ImageConfig {
  User: string;
  Env: string[];
  Cmd: string[];
  WorkingDir: string;
  ExposedPorts?: Record<string, object>;
  Volumes?: Record<string, object>;
  /** podman shows it beside the configuration rather than in it. */
  Healthcheck?: { Test: string[] };
}

export async function imageConfig(tag: string): Promise<ImageConfig> {
  const { stdout } = await podman('image', 'inspect', tag);
  const [inspected] = JSON.parse(stdout) as Array<{ Config: ImageConfig; Healthcheck?: ImageConfig['Healthcheck'] }>;
  return { ...inspected.Config, Healthcheck: inspected.Config.Healthcheck ?? inspected.Healthcheck };
}
