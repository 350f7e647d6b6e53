/**
 * What a deployment keeps about its flows, apart from the calls: one draft per flow (work in
 * progress, never live), the numbered, immutable versions each publish made, which version of each
 * flow is live, and the routes table. The memory, SQLite and Redis stores keep it beside the calls
 * (engine/store/*-deploy-store.ts); `test/store/deploy-contract.ts` is the executable contract.
 * With Redis, every engine of a cluster reads the same live set, so one phone number runs one
 * version whichever engine takes the call.
 */

/** The canonical texts of a flow and the files that travel with it. */
export interface FlowFiles {
  flow: string;
  /** `<id>.test.json`: the scenarios a publish must pass. */
  tests?: string;
  /** `<id>.layout.json`: canvas positions, never part of the logic. */
  layout?: string;
}

export interface Draft {
  flowId: string;
  files: FlowFiles;
  /** Changes with every save: what `If-Match` names (a hash of the files). */
  version: string;
  author: string;
  at: number;
}

/** Where a version came from. */
export type VersionSource = 'publish' | 'rollback' | 'disk' | 'api';

export interface PublishedVersion {
  flowId: string;
  /** 1, 2, 3… per flow, in publishing order. */
  number: number;
  /** The content hash calls are pinned to (the compiled version of the flow). */
  version: string;
  files: FlowFiles;
  author: string;
  at: number;
  message: string;
  source: VersionSource;
  /** The git commit that recorded it, when the flows folder is a git work tree. */
  commit?: string;
  /** For a rollback: the number it publishes again. */
  rollbackOf?: number;
}

export interface LiveFlow {
  flowId: string;
  number: number;
}

/** The routes table as published: its text (routes.json) and its number. */
export interface PublishedRoutes {
  text: string;
  number: number;
  author: string;
  at: number;
}

/** Who did what, for the audit log (`GET /api/audit`). */
export interface AuditEntry {
  at: number;
  /** The signed-in person, `admin token`, or `this machine`. */
  who: string;
  /** e.g. `draft.save`, `flow.publish`, `flow.rollback`, `flow.rename`, `flow.create`, `routes.publish`, `call.place`. */
  action: string;
  /** The flow id, call id or `routes`. */
  target: string;
  detail?: Record<string, unknown>;
}

/** What the audit log can be narrowed to: a page (`limit`, `before`) and, with `flow`, one flow's entries. */
export interface AuditQuery {
  limit: number;
  before?: number;
  flow?: string;
}

/**
 * Whether an entry is about a flow: done to it (edited, published, rolled back, renamed: `target`),
 * or a call placed with it and a rename that gave it its id (`detail.flow`, `detail.to`).
 */
export function auditConcerns(entry: AuditEntry, flow: string): boolean {
  return entry.target === flow || entry.detail?.flow === flow || entry.detail?.to === flow;
}

/** A signed-in browser session, kept server-side; the cookie holds only its id. */
export interface WebSession {
  /** A digest of the cookie's secret, never the secret itself (sessions.ts). */
  id: string;
  name: string;
  /** The person's Entra object id. */
  oid: string;
  roles: string[];
  /** Refuses state-changing requests that do not echo it (CSRF). */
  csrf: string;
  expiresAt: number;
}

export type DraftSave = { saved: true } | { saved: false; current?: Draft };

export interface DeployStore {
  draft(flowId: string): Promise<Draft | undefined>;
  drafts(): Promise<Draft[]>;
  /** Saves when the stored draft's version is `expected` (`null`: there is no draft yet); else answers the current one. */
  saveDraft(draft: Draft, expected: string | null): Promise<DraftSave>;
  dropDraft(flowId: string): Promise<void>;

  /**
   * Records the next version of a flow and makes it live, when the flow's newest number is still
   * `expectedNumber` (0: none yet); undefined when another publish came first (nothing changed).
   */
  publish(version: Omit<PublishedVersion, 'number'>, expectedNumber: number): Promise<number | undefined>;
  /** Notes the git commit that recorded a version (made after the version, once its files were written). */
  recordCommit(flowId: string, number: number, commit: string): Promise<void>;
  /** Every version of a flow, newest first. */
  versions(flowId: string): Promise<PublishedVersion[]>;
  version(flowId: string, number: number): Promise<PublishedVersion | undefined>;
  /** The newest version of every flow that is live (not retired). */
  live(): Promise<LiveFlow[]>;
  /** Takes a flow out of the live set (renamed or deleted); its versions stay. False when its newest number is not `expectedNumber`. */
  retire(flowId: string, expectedNumber: number): Promise<boolean>;

  routes(): Promise<PublishedRoutes | undefined>;
  /** Publishes a routes table when the newest number is still `expectedNumber`; undefined when another came first. */
  publishRoutes(text: string, author: string, at: number, expectedNumber: number): Promise<number | undefined>;

  /** Increases with every change to what is live (publish, retire, routes): engines compare it to know when to reload. */
  epoch(): Promise<number>;

  audit(entry: AuditEntry): Promise<void>;
  /** The newest entries first, at most `limit`, older than `before` and about `flow` (auditConcerns) when given. */
  auditLog(options: AuditQuery): Promise<AuditEntry[]>;

  saveWebSession(session: WebSession): Promise<void>;
  /** The session when it exists and has not expired. */
  webSession(id: string, now: number): Promise<WebSession | undefined>;
  dropWebSession(id: string): Promise<void>;
}
