/**
 * The deploy store in the SQLite file beside the calls (one engine process owns the file). Every
 * change to what is live is one transaction that also moves the epoch; a publish compares the
 * flow's newest number inside it, so of two publishes at once exactly one commits.
 */
import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditQuery, DeployStore, Draft, DraftSave, LiveFlow, PublishedRoutes, PublishedVersion, WebSession } from '../deploy/deploy-store.ts';

export class SqliteDeployStore implements DeployStore {
  private readonly publishTx: (version: Omit<PublishedVersion, 'number'>, expectedNumber: number) => number | undefined;
  private readonly retireTx: (flowId: string, expectedNumber: number) => boolean;
  private readonly routesTx: (text: string, author: string, at: number, expectedNumber: number) => number | undefined;
  private readonly draftTx: (draft: Draft, expected: string | null) => DraftSave;

  constructor(private readonly db: Database) {
    const bump = db.prepare('UPDATE deploy_epoch SET value = value + 1 WHERE id = 1');
    const newest = db.prepare('SELECT newest FROM deployed WHERE flow_id = ?');
    this.publishTx = db.transaction((version, expectedNumber) => {
      const current = (newest.get(version.flowId) as { newest: number } | undefined)?.newest ?? 0;
      if (current !== expectedNumber) return undefined;
      const number = current + 1;
      db.prepare('INSERT INTO published (flow_id, number, body) VALUES (?, ?, ?)').run(version.flowId, number, JSON.stringify({ ...version, number }));
      db.prepare(
        'INSERT INTO deployed (flow_id, newest, retired) VALUES (?, ?, 0) ON CONFLICT (flow_id) DO UPDATE SET newest = excluded.newest, retired = 0',
      ).run(version.flowId, number);
      bump.run();
      return number;
    });
    this.retireTx = db.transaction((flowId, expectedNumber) => {
      const current = (newest.get(flowId) as { newest: number } | undefined)?.newest ?? 0;
      if (current !== expectedNumber) return false;
      db.prepare('UPDATE deployed SET retired = 1 WHERE flow_id = ?').run(flowId);
      bump.run();
      return true;
    });
    this.routesTx = db.transaction((text, author, at, expectedNumber) => {
      const current = (db.prepare('SELECT max(number) AS n FROM routes_published').get() as { n: number | null }).n ?? 0;
      if (current !== expectedNumber) return undefined;
      db.prepare('INSERT INTO routes_published (number, body) VALUES (?, ?)').run(current + 1, JSON.stringify({ text, number: current + 1, author, at }));
      bump.run();
      return current + 1;
    });
    this.draftTx = db.transaction((draft, expected) => {
      const current = db.prepare('SELECT body FROM drafts WHERE flow_id = ?').get(draft.flowId) as { body: string } | undefined;
      const stored = current ? (JSON.parse(current.body) as Draft) : undefined;
      if ((stored?.version ?? null) !== expected) return { saved: false, ...(stored ? { current: stored } : {}) };
      db.prepare(
        'INSERT INTO drafts (flow_id, version, body) VALUES (?, ?, ?) ON CONFLICT (flow_id) DO UPDATE SET version = excluded.version, body = excluded.body',
      ).run(draft.flowId, draft.version, JSON.stringify(draft));
      return { saved: true };
    });
  }

  async draft(flowId: string): Promise<Draft | undefined> {
    const row = this.db.prepare('SELECT body FROM drafts WHERE flow_id = ?').get(flowId) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as Draft);
  }

  async drafts(): Promise<Draft[]> {
    return (this.db.prepare('SELECT body FROM drafts ORDER BY flow_id').all() as Array<{ body: string }>).map((row) => JSON.parse(row.body) as Draft);
  }

  async saveDraft(draft: Draft, expected: string | null): Promise<DraftSave> {
    return this.draftTx(draft, expected);
  }

  async dropDraft(flowId: string): Promise<void> {
    this.db.prepare('DELETE FROM drafts WHERE flow_id = ?').run(flowId);
  }

  async publish(version: Omit<PublishedVersion, 'number'>, expectedNumber: number): Promise<number | undefined> {
    return this.publishTx(version, expectedNumber);
  }

  async recordCommit(flowId: string, number: number, commit: string): Promise<void> {
    this.db.prepare("UPDATE published SET body = json_set(body, '$.commit', ?) WHERE flow_id = ? AND number = ?").run(commit, flowId, number);
  }

  async versions(flowId: string): Promise<PublishedVersion[]> {
    const rows = this.db.prepare('SELECT body FROM published WHERE flow_id = ? ORDER BY number DESC').all(flowId) as Array<{ body: string }>;
    return rows.map((row) => JSON.parse(row.body) as PublishedVersion);
  }

  async version(flowId: string, number: number): Promise<PublishedVersion | undefined> {
    const row = this.db.prepare('SELECT body FROM published WHERE flow_id = ? AND number = ?').get(flowId, number) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as PublishedVersion);
  }

  async live(): Promise<LiveFlow[]> {
    const rows = this.db.prepare('SELECT flow_id, newest FROM deployed WHERE retired = 0 ORDER BY flow_id').all() as Array<{ flow_id: string; newest: number }>;
    return rows.map((row) => ({ flowId: row.flow_id, number: row.newest }));
  }

  async retire(flowId: string, expectedNumber: number): Promise<boolean> {
    return this.retireTx(flowId, expectedNumber);
  }

  async routes(): Promise<PublishedRoutes | undefined> {
    const row = this.db.prepare('SELECT body FROM routes_published ORDER BY number DESC LIMIT 1').get() as { body: string } | undefined;
    return row && (JSON.parse(row.body) as PublishedRoutes);
  }

  async publishRoutes(text: string, author: string, at: number, expectedNumber: number): Promise<number | undefined> {
    return this.routesTx(text, author, at, expectedNumber);
  }

  async epoch(): Promise<number> {
    return (this.db.prepare('SELECT value FROM deploy_epoch WHERE id = 1').get() as { value: number }).value;
  }

  async audit(entry: AuditEntry): Promise<void> {
    this.db.prepare('INSERT INTO audit (at, body) VALUES (?, ?)').run(entry.at, JSON.stringify(entry));
  }

  async auditLog({ limit, before, flow }: AuditQuery): Promise<AuditEntry[]> {
    const about =
      flow === undefined
        ? ''
        : " AND (json_extract(body, '$.target') = @flow OR json_extract(body, '$.detail.flow') = @flow OR json_extract(body, '$.detail.to') = @flow)";
    const rows = this.db
      .prepare(`SELECT body FROM audit WHERE at < @before${about} ORDER BY seq DESC LIMIT @limit`)
      .all({ before: before ?? Number.MAX_SAFE_INTEGER, limit, ...(flow === undefined ? {} : { flow }) }) as Array<{ body: string }>;
    return rows.map((row) => JSON.parse(row.body) as AuditEntry);
  }

  async saveWebSession(session: WebSession): Promise<void> {
    // Sessions end by expiring; each new one sweeps the expired away.
    this.db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?').run(Date.now());
    this.db
      .prepare(
        'INSERT INTO web_sessions (id, expires_at, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, body = excluded.body',
      )
      .run(session.id, session.expiresAt, JSON.stringify(session));
  }

  async webSession(id: string, now: number): Promise<WebSession | undefined> {
    const row = this.db.prepare('SELECT body FROM web_sessions WHERE id = ? AND expires_at > ?').get(id, now) as { body: string } | undefined;
    return row && (JSON.parse(row.body) as WebSession);
  }

  async dropWebSession(id: string): Promise<void> {
    this.db.prepare('DELETE FROM web_sessions WHERE id = ?').run(id);
  }
}
