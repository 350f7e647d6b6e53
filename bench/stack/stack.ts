/**
 * The processes a full-path measurement needs, started from the bench process: a throwaway CA and
 * certificate (test/support/test-ca.ts; children inherit NODE_EXTRA_CA_CERTS, which Node reads only
 * at start), the Graph sink, the engine with a memory / SQLite (temp file) / Redis store, the bare
 * baseline server, and a throwaway redis-server on a free port (test/support/redis-global-setup.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreSpec } from '../../engine/config.ts';
import makeTestCa from '../../test/support/test-ca.ts';
import startRedisServer from '../../test/support/redis-global-setup.ts';
import type { SinkInfo } from './engine-build.ts';
import { writeFlowsDir } from './payloads.ts';
import { spawnChild, type Child } from './rpc.ts';

export { callIds } from './ids.ts';

export type StoreKind = 'memory' | 'sqlite' | 'redis';

/** Everything started here, stopped in reverse order by `close`. */
export class Stack {
  private cleanups: Array<() => Promise<void> | void> = [];
  readonly flowsDir: string;
  private redisUrl?: string;

  private constructor() {
    this.cleanups.push(makeTestCa());
    this.flowsDir = writeFlowsDir();
    this.cleanups.push(() => rmSync(this.flowsDir, { recursive: true, force: true }));
  }

  static create(): Stack {
    return new Stack();
  }

  /** Starts a child and registers its stop. */
  async child(entry: string, node: string[] = []): Promise<Child> {
    const child = await spawnChild(entry, { node });
    this.cleanups.push(() => child.stop());
    return child;
  }

  async sink(): Promise<{ child: Child; info: SinkInfo }> {
    const child = await this.child('./sink.ts');
    return { child, info: await child.call<SinkInfo>('info') };
  }

  /** A store spec of `kind`: SQLite in a fresh temp file, Redis under a fresh key prefix on the run's server. */
  async storeSpec(kind: StoreKind): Promise<StoreSpec> {
    if (kind === 'memory') return { kind };
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'callflow-bench-sqlite-'));
      this.cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return { kind, path: join(dir, 'calls.db') };
    }
    if (!this.redisUrl) {
      let url = '';
      const stop = await startRedisServer({ provide: (_key: string, value: string) => (url = value) } as never);
      this.cleanups.push(stop);
      this.redisUrl = url;
    }
    // A fresh database per engine keeps runs apart (the store uses a fixed key prefix).
    await flushRedis(this.redisUrl);
    return { kind, url: this.redisUrl };
  }

  /** The engine in its own process, listening; returns the child and its webhook URL. */
  async engine(kind: StoreKind, sink: SinkInfo, node: string[] = []): Promise<{ child: Child; url: string }> {
    const child = await this.child('./engine-proc.ts', node);
    const { url } = await child.call<{ url: string }>('start', { store: await this.storeSpec(kind), flowsDir: this.flowsDir, sink });
    return { child, url };
  }

  /** The bare baseline server; with `relay`, it also relays each notification to the sink as a playPrompt. */
  async bare(relay?: SinkInfo): Promise<{ child: Child; url: string }> {
    const child = await this.child('./bare-proc.ts');
    const { url } = await child.call<{ url: string }>('start', { relay: relay?.graphBaseUrl });
    return { child, url };
  }

  /** Stops one child now (and forgets it). */
  async stop(child: Child): Promise<void> {
    await child.stop();
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`  … cleanup failed: ${(error as Error).message}\n`);
      }
    }
    this.cleanups = [];
  }
}

async function flushRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.flushall();
  redis.disconnect();
}
