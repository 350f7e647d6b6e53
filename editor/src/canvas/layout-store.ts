/**
 * Canvas positions of the open flow: kept beside the document, never in it, and saved to the
 * `<id>.layout.json` sidecar, so moving a box never changes the flow's logic or its git diff.
 * Also holds elkjs' latest result, used for edge routes and for laying out a flow opened without
 * saved positions.
 */
import type { LayoutResult, Point } from './elk-layout.ts';

export class LayoutStore {
  positions: Record<string, Point> = {};
  elk: LayoutResult | undefined;
  /** Bumped on every change, for React. */
  revision = 0;
  /** The flow has a layout file (false until its first save writes one). */
  onDisk = false;
  private saved = '{}';
  private listeners = new Set<() => void>();

  /** A file was opened: its saved positions (or none). */
  load(positions: Record<string, Point> | undefined): void {
    this.positions = { ...(positions ?? {}) };
    this.onDisk = positions !== undefined;
    this.saved = JSON.stringify(this.positions);
    this.elk = undefined;
    this.notify();
  }

  get dirty(): boolean {
    return JSON.stringify(this.positions) !== this.saved;
  }

  markSaved(positions: Record<string, Point>): void {
    this.positions = positions;
    this.onDisk = true;
    this.saved = JSON.stringify(positions);
    this.notify();
  }

  move(moves: Record<string, Point>): void {
    const rounded = Object.fromEntries(Object.entries(moves).map(([id, point]) => [id, { x: Math.round(point.x), y: Math.round(point.y) }]));
    const changed = Object.entries(rounded).some(([id, point]) => this.positions[id]?.x !== point.x || this.positions[id]?.y !== point.y);
    if (!changed) return;
    this.positions = { ...this.positions, ...rounded };
    this.notify();
  }

  rename(from: string, to: string): void {
    const point = this.positions[from];
    if (!point) return;
    const { [from]: _old, ...rest } = this.positions;
    this.positions = { ...rest, [to]: point };
    this.notify();
  }

  setElk(result: LayoutResult): void {
    this.elk = result;
    this.notify();
  }

  /** Every state where elkjs put it ("Auto layout"); `asSaved` when that is the flow's first layout. */
  adoptElk(options: { asSaved?: boolean } = {}): void {
    if (!this.elk) return;
    this.positions = { ...this.positions, ...this.elk.positions };
    if (options.asSaved) this.saved = JSON.stringify(this.positions);
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
