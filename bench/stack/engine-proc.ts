/**
 * Child process: the real engine (bench/stack/engine-build.ts) listening on a loopback port, for the
 * throughput and latency benchmarks. Commands: `start` (store, flows, sink) → webhook URL;
 * `establish` (call ids) puts calls in the menu through the session layer (incoming + established
 * notifications, the same path the webhook takes after the token check); `idle`; `usage` (CPU,
 * memory, store calls so far); `profileStart`/`profileStop` (a CPU profile of what runs between);
 * `session`/`trace` (a call's stored state, for debugging the bench).
 */
import { buildEngine, establishCalls, type BuiltEngine, type EngineSpec } from './engine-build.ts';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { serve } from './rpc.ts';
import { countStoreCalls } from './store-count.ts';

const inspector = new Session();

let built: BuiltEngine | undefined;
let storeCalls: Record<string, number> = {};

serve(
  {
    start: async (spec: EngineSpec) => {
      built = await buildEngine(spec, {
        listen: true,
        wrapStore: (store) => {
          const counting = countStoreCalls(store);
          storeCalls = counting.counts;
          return counting.store;
        },
      });
      return { url: built.url };
    },
    establish: async ({ ids, number }: { ids: string[]; number?: string }) => {
      await establishCalls(built!.engine, ids, number);
      const running = (await built!.store.runningSessionIds()).length;
      return { running };
    },
    idle: async () => {
      await built!.engine.sessions.idle();
      return built!.engine.sessions.busy();
    },
    /** CPU profile of what runs between `profileStart` and `profileStop` (written to `file`). */
    profileStart: async () => {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    },
    profileStop: async ({ file }: { file: string }) => {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      inspector.disconnect();
      return { file };
    },
    /** Debugging: a call's stored session and trace. */
    session: ({ id }: { id: string }) => built!.store.get(id),
    trace: ({ id }: { id: string }) => built!.store.readTrace(id),
    usage: () => ({ cpu: process.cpuUsage(), memory: process.memoryUsage(), storeCalls }),
  },
  async () => {
    await built?.close();
  },
);
