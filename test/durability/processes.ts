/** Child processes of the durability tests: those of the e2e tests, plus a crash. */
import type { ChildProcess } from 'node:child_process';

export { collect, freePorts, stopAll, until } from '../e2e-graph/processes.ts';

/** Kills with SIGKILL, as a crash would: no shutdown code runs. Resolves once the process is gone. */
export function crash(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
