/**
 * Child processes of the full-path benchmarks and how the bench talks to them: `spawnChild` forks a
 * TypeScript entry under tsx with an IPC channel, `serve` is the child's side (named commands,
 * one answer each). Each process of a measurement (engine, Graph sink, bare baseline server, load
 * generator) then has its own event loop, as in production, and none steals time from another's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Request {
  id: number;
  cmd: string;
  args?: unknown;
}
interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

export interface Child {
  readonly pid: number;
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  /** Asks the child to exit; kills it (by pid) if it has not after 5 s. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Extra node flags, e.g. --expose-gc or --cpu-prof. */
  node?: string[];
  env?: NodeJS.ProcessEnv;
}

/** Forks `entry` (a path relative to bench/stack/ or absolute) and waits for its `ready`. */
export async function spawnChild(entry: string, options: SpawnOptions = {}): Promise<Child> {
  const file = entry.startsWith('/') ? entry : fileURLToPath(new URL(entry, import.meta.url));
  const child: ChildProcess = fork(file, [], {
    execArgv: ['--import', 'tsx', ...(options.node ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    exited = true;
    for (const { reject } of waiting.values()) reject(new Error(`${entry} exited (${code ?? signal}) before answering`));
    waiting.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} while starting`)));
    child.on('message', function ready(message: unknown) {
      if ((message as { ready?: boolean }).ready) {
        child.off('message', ready);
        resolve();
      }
    });
  });
  child.on('message', (message: unknown) => {
    const reply = message as Reply;
    const pending = waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id);
    if (reply.error !== undefined) pending.reject(new Error(`${entry}: ${reply.error}`));
    else pending.resolve(reply.result);
  });
  return {
    pid: child.pid!,
    call<T>(cmd: string, args?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(`${entry} has exited`));
      const id = ++next;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, cmd, args } satisfies Request);
      });
    },
    async stop() {
      if (exited) return;
      child.send({ id: 0, cmd: 'exit' } satisfies Request);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

export type Handlers = Record<string, (args: never) => unknown>;

/**
 * The child's side: answers each command with its handler's result. `exit` runs `onExit` and ends
 * the process; so does the parent going away.
 */
export function serve(handlers: Handlers, onExit: () => Promise<void> | void = () => undefined): void {
  const send = (reply: Reply) => process.send?.(reply);
  const exit = async () => {
    try {
      await onExit();
    } finally {
      process.exit(0);
    }
  };
  process.on('disconnect', () => void exit());
  process.on('message', async (message: Request) => {
    if (message.cmd === 'exit') return void exit();
    const handler = handlers[message.cmd];
    if (!handler) return send({ id: message.id, error: `unknown command '${message.cmd}'` });
    try {
      send({ id: message.id, result: (await handler(message.args as never)) ?? null });
    } catch (error) {
      send({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  process.send?.({ ready: true });
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes of one machine. */
export const wallMs = (): number => performance.timeOrigin + performance.now();
