/**
 * The SQLite store's schema, as a numbered list of migrations. Migration i (0-based) brings a
 * database from version i to version i + 1; the version lives in `PRAGMA user_version` (a field of
 * the file header, written in the same transaction as the schema change). Only ever append to the
 * list: a released migration must never change, since files in the field have already applied it.
 */
import type { Database } from 'better-sqlite3';

/** SQL run as is, or a function for changes SQL alone cannot express (rewriting JSON, backfills). */
export type Migration = string | ((db: Database) => void);

export const MIGRATIONS: readonly Migration[] = [
  // 1: the initial schema.
  `
  -- The record is one JSON body; rev, phase and updated_at are copied out of it for compare-and-set,
  -- listing running calls and purging ended ones. The indexes are partial so that a commit of a
  -- running call (a new updated_at every time) changes no index page: only a phase change does.
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    rev INTEGER NOT NULL,
    phase TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX sessions_running ON sessions (id) WHERE phase = 'running';
  CREATE INDEX sessions_ended ON sessions (updated_at) WHERE phase = 'ended';

  CREATE TABLE aliases (graph_call_id TEXT PRIMARY KEY, session_id TEXT NOT NULL);
  CREATE INDEX aliases_session ON aliases (session_id);

  -- A timer can be claimed once max(due_at, claimed_until) has passed: the index on that expression
  -- makes both claiming and the scheduler's "next due" a range seek instead of a scan. WITHOUT ROWID
  -- (small rows): the primary key is the table, one b-tree fewer to write per timer set.
  CREATE TABLE timers (
    session_id TEXT NOT NULL,
    id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    token TEXT NOT NULL,
    event TEXT NOT NULL,
    claimed_until INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX timers_ready ON timers (max(due_at, claimed_until));

  -- AUTOINCREMENT: a seq is never reused, even once the table has been emptied, so a commit's
  -- "done up to seq" can never remove an entry appended after the work it refers to.
  CREATE TABLE inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX inbox_session ON inbox (session_id, seq);

  -- taken: handed to a sender that has not finished it yet (in flight, or lost with a crashed sender).
  CREATE TABLE outbox (
    session_id TEXT NOT NULL,
    id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    effect TEXT NOT NULL,
    taken INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, id)
  ) WITHOUT ROWID;

  CREATE TABLE leases (session_id TEXT PRIMARY KEY, owner TEXT NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID;

  -- A rowid table: an upsert keeps the rowid, so operations list in the order first added.
  CREATE TABLE pending (
    session_id TEXT NOT NULL,
    client_context TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, client_context)
  );

  -- seq is a plain rowid (no AUTOINCREMENT and its extra write per row): a new rowid is always above
  -- every row present, which is all the ordering of a trace needs.
  CREATE TABLE traces (seq INTEGER PRIMARY KEY, session_id TEXT NOT NULL, entry TEXT NOT NULL);
  CREATE INDEX traces_session ON traces (session_id, seq);

  CREATE TABLE flow_versions (
    flow_id TEXT NOT NULL,
    version TEXT NOT NULL,
    document TEXT NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (flow_id, version)
  );
  CREATE INDEX flow_versions_saved ON flow_versions (saved_at);
  `,
  // 2: the deploy store: drafts, published versions, which flows are live, the routes table.
  `
  CREATE TABLE drafts (flow_id TEXT PRIMARY KEY, version TEXT NOT NULL, body TEXT NOT NULL);
  CREATE TABLE published (flow_id TEXT NOT NULL, number INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (flow_id, number));
  -- newest: the flow's newest number (what a publish compares); retired: taken out of the live set.
  CREATE TABLE deployed (flow_id TEXT PRIMARY KEY, newest INTEGER NOT NULL, retired INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE routes_published (number INTEGER PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE deploy_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
  INSERT INTO deploy_epoch (id, value) VALUES (1, 0);
  `,
  // 3: the audit log and signed-in browser sessions.
  `
  CREATE TABLE audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE INDEX audit_at ON audit (at);
  CREATE TABLE web_sessions (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, body TEXT NOT NULL);
  `,
  // 4: the readiness probe's row, written and read by GET /readyz.
  `
  CREATE TABLE probe (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL);
  `,
];

/**
 * Brings the database to the newest version in one transaction (a failing migration leaves the file
 * at the version it had, which the previous release still opens). Returns the version reached.
 */
export function migrate(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `SQLite database ${file} has schema version ${current}, newer than this callflow knows (${migrations.length}): it was written by a newer release. Run that release, or point CALLFLOW_STORE at another file.`,
    );
  }
  if (current === migrations.length) return current;
  db.transaction(() => {
    for (let version = current; version < migrations.length; version++) {
      const migration = migrations[version]!;
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
    }
    // PRAGMA takes no bound parameters; the value is an integer we computed.
    db.pragma(`user_version = ${migrations.length}`);
  })();
  return migrations.length;
}
