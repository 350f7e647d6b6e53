/**
 * The flows a deployment serves, which decide what the doctor asks of it (Graph permissions, a
 * prompt to fetch, an application instance). The live set in the store is what answers calls, so
 * it is read first — from a SQLite file through a read-only connection beside the running engine
 * (the engine's owner lock is a separate file, engine/store/sqlite-file.ts), or from Redis. A store
 * that holds no live flow yet (a memory store, an engine never started) falls back to the flows
 * folder, which `callflow serve` deploys when it starts.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { StoreSpec } from '../../config.ts';
import type { DeployStore } from '../../deploy/deploy-store.ts';
import type { FlowDocument } from '../../core/types.ts';
import { checkFile, expandFlowPaths } from '../../node/flow-files.ts';
import { SqliteDeployStore } from '../../store/sqlite-deploy-store.ts';
import { openStores } from '../../store/open-store.ts';

export interface DeployedFlows {
  flows: FlowDocument[];
  /** Where they were read: `the store's live set` or `the flows folder <dir>`. */
  source: string;
}

export async function deployedFlows(store: StoreSpec, flowsDir: string): Promise<DeployedFlows> {
  const live = await liveFlows(store).catch(() => []);
  if (live.length) return { flows: live, source: "the store's live set" };
  const flows = existsSync(flowsDir) ? expandFlowPaths([flowsDir]).flatMap((file) => checkFile(file).flow ?? []) : [];
  return { flows, source: `the flows folder ${flowsDir}` };
}

async function liveFlows(spec: StoreSpec): Promise<FlowDocument[]> {
  if (spec.kind === 'memory' || (spec.kind === 'sqlite' && (spec.path === ':memory:' || !existsSync(spec.path)))) return [];
  if (spec.kind === 'sqlite') {
    const db = new Database(spec.path, { readonly: true, fileMustExist: true, timeout: 2000 });
    try {
      return await readLive(new SqliteDeployStore(db));
    } finally {
      db.close();
    }
  }
  const stores = await openStores(spec);
  try {
    return await readLive(stores.deploy);
  } finally {
    await stores.calls.close();
  }
}

async function readLive(store: DeployStore): Promise<FlowDocument[]> {
  const flows: FlowDocument[] = [];
  for (const { flowId, number } of await store.live()) {
    const version = await store.version(flowId, number);
    if (version) flows.push(JSON.parse(version.files.flow) as FlowDocument);
  }
  return flows;
}
