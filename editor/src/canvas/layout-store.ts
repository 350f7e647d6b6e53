/**
 * Canvas positions of the open flow: kept beside the document, never in it, and saved to the
 * `<id>.layout.json` sidecar, so moving a box never changes the flow's logic or its git diff.
 *
 * Positions belong to the states the document has now (`sync`). A state that leaves — deleted,
 * renamed, undone — takes its position to a side table, so undo puts it back where it was, while
 * a new state that happens to get a freed name is placed afresh (`placement.ts` keeps it clear of
 * every box). `want` records where the user asked a new block to go (a drop, next to the selected
 * block). Also holds elkjs' latest result, used for edge routes and for laying out a flow opened
 * without saved positions.
 */
import type { Point } from './elk-layout.ts';
import type { ElkPlacement } from './flow-to-graph.ts';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export class LayoutStore {
  positions: Record<string, Point> = {};
  elk: ElkPlacement | undefined;
  /** Bumped on every change, for React. */
  revision = 0;
  /** The flow has a layout file (false until its first save writes one). */
  onDisk = false;
  /** Increases each time a file's positions are loaded: the same graph opened again is laid out again. */
  loads = 0;
  /** Positions of states that left the document, for when they come back (undo). */
  private retired: Record<string, Point> = {};
  private wanted: Record<string, Point> = {};
  private saved: Record<string, Point> = {};
  private listeners = new Set<() => void>();

  /** A file was opened: its saved positions (or none). */
  load(positions: Record<string, Point> | undefined): void {
    this.positions = { ...(positions ?? {}) };
    this.onDisk = positions !== undefined;
    this.saved = { ...this.positions };
    this.retired = {};
    this.wanted = {};
    this.elk = undefined;
    this.loads++;
    this.notify();
  }

  /** Positions differ from the saved ones for a state the document has. */
  get dirty(): boolean {
    const ids = new Set([...Object.keys(this.positions), ...Object.keys(this.saved).filter((id) => !this.retired[id])]);
    return [...ids].some((id) => !sameJson(this.positions[id], this.saved[id]));
  }

  /**
   * These positions were saved. The current ones stay as they are: blocks placed or moved while
   * the save was under way keep their places (and stay unsaved until the next save).
   */
  markSaved(positions: Record<string, Point>): void {
    this.onDisk = true;
    this.saved = { ...positions };
    this.notify();
  }

  move(moves: Record<string, Point>): void {
    const rounded = Object.fromEntries(Object.entries(moves).map(([id, point]) => [id, { x: Math.round(point.x), y: Math.round(point.y) }]));
    const changed = Object.entries(rounded).some(([id, point]) => this.positions[id]?.x !== point.x || this.positions[id]?.y !== point.y);
    if (!changed) return;
    this.positions = { ...this.positions, ...rounded };
    for (const id of Object.keys(rounded)) delete this.wanted[id];
    this.notify();
  }

  /** A state is renamed: its box stays where it is. */
  rename(from: string, to: string): void {
    const point = this.positions[from];
    if (!point) return;
    const { [from]: _old, ...rest } = this.positions;
    this.retired[from] = point;
    this.positions = { ...rest, [to]: point };
    this.notify();
  }

  /** Where a block about to be added should go (it is moved to the nearest free spot from there). */
  want(id: string, point: Point): void {
    this.wanted[id] = { x: Math.round(point.x), y: Math.round(point.y) };
  }

  /** The position to start from for a state without one: where the user asked, or where it was before it left. */
  preferred(id: string): Point | undefined {
    return this.wanted[id] ?? this.retired[id];
  }

  /** The document now has exactly these states: positions of the others are retired. */
  sync(ids: Iterable<string>): void {
    const live = new Set(ids);
    const leaving = Object.keys(this.positions).filter((id) => !live.has(id));
    if (!leaving.length) return;
    for (const id of leaving) this.retired[id] = this.positions[id];
    this.positions = Object.fromEntries(Object.entries(this.positions).filter(([id]) => live.has(id)));
    this.notify();
  }

  setElk(result: ElkPlacement): void {
    this.elk = result;
    this.notify();
  }

  /** Every state where elkjs put it ("Auto layout"); `asSaved` when that is the flow's first layout. */
  adoptElk(options: { asSaved?: boolean } = {}): void {
    if (!this.elk) return;
    this.positions = { ...this.positions, ...this.elk.positions };
    if (options.asSaved) this.saved = { ...this.positions };
    this.notify();
  }

  /** Positions of the given states only (what gets saved). */
  positionsOf(ids: string[]): Record<string, Point> {
    return Object.fromEntries(ids.filter((id) => this.positions[id]).map((id) => [id, this.positions[id]]));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    this.revision++;
    for (const listener of this.listeners) listener();
  }
}
