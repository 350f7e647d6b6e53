/**
 * The SQLite store's statements, compiled once per connection: the hot path only binds and steps
 * them. Every per-call query seeks an index (see sqlite-migrations.ts); none scans a table.
 */
import type Database from 'better-sqlite3';

const SQL = {
  get: 'SELECT body FROM sessions WHERE id = ?',
  insertSession: 'INSERT INTO sessions (id, rev, phase, updated_at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  // phase is left out of SET unless it changes: a SET column of a partial index's WHERE rewrites the index entry.
  updateSession: 'UPDATE sessions SET rev = @rev, updated_at = @updatedAt, body = @body WHERE id = @id AND rev = @expectedRev AND phase = @phase',
  updateSessionPhase: 'UPDATE sessions SET rev = @rev, phase = @phase, updated_at = @updatedAt, body = @body WHERE id = @id AND rev = @expectedRev',
  link: 'INSERT INTO aliases (graph_call_id, session_id) VALUES (?, ?) ON CONFLICT (graph_call_id) DO UPDATE SET session_id = excluded.session_id',
  resolve: 'SELECT session_id FROM aliases WHERE graph_call_id = ?',
  enqueue: 'INSERT INTO inbox (session_id, body) VALUES (?, ?)',
  inbox: 'SELECT seq, body FROM inbox WHERE session_id = ? ORDER BY seq LIMIT ?',
  dropInbox: 'DELETE FROM inbox WHERE session_id = ? AND seq <= ?',
  withWork: 'SELECT session_id FROM (SELECT DISTINCT session_id FROM inbox UNION SELECT DISTINCT session_id FROM outbox) LIMIT ?',
  // ord continues the call's own outbox (a few rows at most, found through the primary key).
  addEffect:
    'INSERT INTO outbox (session_id, id, ord, effect) VALUES (@sessionId, @id, (SELECT coalesce(max(ord), 0) + 1 FROM outbox WHERE session_id = @sessionId), @effect)',
  takeEffect: 'UPDATE outbox SET taken = 1 WHERE session_id = ? AND id = ? AND taken = 0',
  finishEffect: 'DELETE FROM outbox WHERE session_id = ? AND id = ?',
  outbox: 'SELECT id, effect, taken FROM outbox WHERE session_id = ? ORDER BY ord',
  acquireLease:
    'INSERT INTO leases (session_id, owner, until) VALUES (@sessionId, @owner, @until) ON CONFLICT (session_id) DO UPDATE SET owner = excluded.owner, until = excluded.until WHERE leases.owner = excluded.owner OR leases.until <= @now',
  renewLease: 'UPDATE leases SET until = @until WHERE session_id = @sessionId AND owner = @owner AND until > @now',
  releaseLease: 'DELETE FROM leases WHERE session_id = ? AND owner = ?',
  setTimer:
    'INSERT INTO timers (session_id, id, due_at, token, event, claimed_until) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (session_id, id) DO UPDATE SET due_at = excluded.due_at, token = excluded.token, event = excluded.event, claimed_until = 0',
  cancelTimer: 'DELETE FROM timers WHERE session_id = ? AND id = ?',
  cancelAllTimers: 'DELETE FROM timers WHERE session_id = ?',
  timers: 'SELECT session_id, id, due_at, token, event FROM timers WHERE session_id = ? ORDER BY due_at, id',
  // One statement, so selecting and claiming are atomic; both queries seek the timers_ready index.
  claimTimers:
    'UPDATE timers SET claimed_until = @until WHERE (session_id, id) IN (SELECT session_id, id FROM timers WHERE max(due_at, claimed_until) <= @now ORDER BY due_at LIMIT @limit) RETURNING session_id, id, due_at, token, event',
  nextDue: 'SELECT max(due_at, claimed_until) AS at FROM timers ORDER BY max(due_at, claimed_until) LIMIT 1',
  addPending:
    'INSERT INTO pending (session_id, client_context, body) VALUES (?, ?, ?) ON CONFLICT (session_id, client_context) DO UPDATE SET body = excluded.body',
  removePending: 'DELETE FROM pending WHERE session_id = ? AND client_context = ?',
  pending: 'SELECT body FROM pending WHERE session_id = ? ORDER BY rowid',
  clearPending: 'DELETE FROM pending WHERE session_id = ?',
  addTrace: 'INSERT INTO traces (session_id, entry) VALUES (?, ?)',
  trimTrace:
    'DELETE FROM traces WHERE session_id = @sessionId AND seq <= (SELECT seq FROM traces WHERE session_id = @sessionId ORDER BY seq DESC LIMIT 1 OFFSET @keep)',
  readTrace: 'SELECT entry FROM (SELECT seq, entry FROM traces WHERE session_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
  touchFlow: 'UPDATE flow_versions SET saved_at = max(saved_at, ?) WHERE flow_id = ? AND version = ?',
  insertFlow: 'INSERT INTO flow_versions (flow_id, version, document, saved_at) VALUES (?, ?, ?, ?)',
  flowVersion: 'SELECT document FROM flow_versions WHERE flow_id = ? AND version = ?',
  running: "SELECT id FROM sessions WHERE phase = 'running'",
  endedBefore: "SELECT id FROM sessions WHERE phase = 'ended' AND updated_at < ? LIMIT ?",
  purgeFlows: 'DELETE FROM flow_versions WHERE saved_at < ?',
  writeProbe: 'INSERT INTO probe (id, value) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value',
  readProbe: 'SELECT value FROM probe WHERE id = 1',
} as const;

/** Everything one call owns, deleted when it is purged. */
const PURGE_SQL = [
  'sessions WHERE id',
  'aliases WHERE session_id',
  'traces WHERE session_id',
  'timers WHERE session_id',
  'inbox WHERE session_id',
  'outbox WHERE session_id',
  'pending WHERE session_id',
  'leases WHERE session_id',
].map((target) => `DELETE FROM ${target} = ?`);

export type Statements = { [name in keyof typeof SQL]: Database.Statement } & { purge: Database.Statement[] };

export function prepareStatements(db: Database.Database): Statements {
  const statements = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]));
  return { ...statements, purge: PURGE_SQL.map((sql) => db.prepare(sql)) } as Statements;
}
