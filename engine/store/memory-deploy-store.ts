/**
 * The deploy store in memory: for tests and for an engine with `CALLFLOW_STORE=memory:`, whose
 * drafts and history are lost on restart (the flows folder still holds what was published).
 */
import {
  auditConcerns,
  type AuditEntry,
  type AuditQuery,
  type DeployStore,
  type Draft,
  type DraftSave,
  type LiveFlow,
  type PublishedRoutes,
  type PublishedVersion,
  type WebSession,
} from '../deploy/deploy-store.ts';

/** Copies through JSON, so a caller never holds the store's own objects. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class MemoryDeployStore implements DeployStore {
  private readonly draftsById = new Map<string, Draft>();
  private readonly history = new Map<string, PublishedVersion[]>();
  private readonly retired = new Set<string>();
  private table?: PublishedRoutes;
  private changes = 0;
  private readonly log: AuditEntry[] = [];
  private readonly sessions = new Map<string, WebSession>();

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

  async recordCommit(flowId: string, number: number, commit: string): Promise<void> {
    const found = this.history.get(flowId)?.[number - 1];
    if (found) found.commit = commit;
  }

  async versions(flowId: string): Promise<PublishedVersion[]> {
    return copy([...(this.history.get(flowId) ?? [])].reverse());
  }

  async version(flowId: string, number: number): Promise<PublishedVersion | undefined> {
    const found = this.history.get(flowId)?.[number - 1];
    return found && copy(found);
  }

  async live(): Promise<LiveFlow[]> {
    return [...this.history]
      .filter(([flowId, versions]) => versions.length && !this.retired.has(flowId))
      .map(([flowId, versions]) => ({ flowId, number: versions.length }));
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

  async audit(entry: AuditEntry): Promise<void> {
    this.log.push(copy(entry));
  }

  async auditLog({ limit, before, flow }: AuditQuery): Promise<AuditEntry[]> {
    return copy(
      [...this.log]
        .reverse()
        .filter((entry) => (before === undefined || entry.at < before) && (flow === undefined || auditConcerns(entry, flow)))
        .slice(0, limit),
    );
  }

  async saveWebSession(session: WebSession): Promise<void> {
    // Sessions end by expiring; each new one sweeps the expired away.
    for (const [id, kept] of this.sessions) if (kept.expiresAt <= Date.now()) this.sessions.delete(id);
    this.sessions.set(session.id, copy(session));
  }

  async webSession(id: string, now: number): Promise<WebSession | undefined> {
    const session = this.sessions.get(id);
    return session && session.expiresAt > now ? copy(session) : undefined;
  }

  async dropWebSession(id: string): Promise<void> {
    this.sessions.delete(id);
  }
}
