/**
 * The deploy store in memory: for tests and for an engine with `CALLFLOW_STORE=memory:`, whose
 * drafts and history are lost on restart (the flows folder still holds what was published).
 */
import type { DeployStore, Draft, DraftSave, LiveFlow, PublishedRoutes, PublishedVersion } from '../deploy/deploy-store.ts';

/** Copies through JSON, so a caller never holds the store's own objects. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class MemoryDeployStore implements DeployStore {
  private readonly draftsById = new Map<string, Draft>();
  private readonly history = new Map<string, PublishedVersion[]>();
  private readonly retired = new Set<string>();
  private table?: PublishedRoutes;
  private changes = 0;

  async draft(flowId: string): Promise<Draft | undefined> {
    const draft = this.draftsById.get(flowId);
    return draft && copy(draft);
  }

  async drafts(): Promise<Draft[]> {
    return copy([...this.draftsById.values()]);
  }

  async saveDraft(draft: Draft, expected: string | null): Promise<DraftSave> {
    const current = this.draftsById.get(draft.flowId);
    if ((current?.version ?? null) !== expected) return { saved: false, ...(current ? { current: copy(current) } : {}) };
    this.draftsById.set(draft.flowId, copy(draft));
    return { saved: true };
  }

  async dropDraft(flowId: string): Promise<void> {
    this.draftsById.delete(flowId);
  }

  async publish(version: Omit<PublishedVersion, 'number'>, expectedNumber: number): Promise<number | undefined> {
    const versions = this.history.get(version.flowId) ?? [];
    if (versions.length !== expectedNumber) return undefined;
    const number = expectedNumber + 1;
    this.history.set(version.flowId, [...versions, copy({ ...version, number })]);
    this.retired.delete(version.flowId);
    this.changes++;
    return number;
  }

  async versions(flowId: string): Promise<PublishedVersion[]> {
    return copy([...(this.history.get(flowId) ?? [])].reverse());
  }

  async version(flowId: string, number: number): Promise<PublishedVersion | undefined> {
    const found = this.history.get(flowId)?.[number - 1];
    return found && copy(found);
  }

  async live(): Promise<LiveFlow[]> {
    return [...this.history].filter(([flowId, versions]) => versions.length && !this.retired.has(flowId)).map(([flowId, versions]) => ({ flowId, number: versions.length }));
  }

  async retire(flowId: string, expectedNumber: number): Promise<boolean> {
    if ((this.history.get(flowId)?.length ?? 0) !== expectedNumber) return false;
    this.retired.add(flowId);
    this.changes++;
    return true;
  }

  async routes(): Promise<PublishedRoutes | undefined> {
    return this.table && copy(this.table);
  }

  async publishRoutes(text: string, author: string, at: number, expectedNumber: number): Promise<number | undefined> {
    if ((this.table?.number ?? 0) !== expectedNumber) return undefined;
    this.table = { text, number: expectedNumber + 1, author, at };
    this.changes++;
    return this.table.number;
  }

  async epoch(): Promise<number> {
    return this.changes;
  }
}
