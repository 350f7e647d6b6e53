/**
 * The flow document: its JSON text is the single source of truth that the canvas, the forms and
 * the code view all edit, with one undo/redo history. Canvas and form edits replace the text with
 * canonical JSON; the code view pushes what was typed. Consecutive edits with the same merge key
 * (one typing burst, one text field) become one undo step, as in a text editor.
 */

export type EditOrigin = 'canvas' | 'form' | 'code' | 'file' | 'history';

export interface DocumentChange {
  text: string;
  origin: EditOrigin;
}

interface HistoryEntry {
  text: string;
  mergeKey?: string;
  at: number;
}

const MERGE_WINDOW_MS = 1500;
const HISTORY_LIMIT = 200;

export class DocumentStore {
  private current: string;
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private listeners = new Set<(change: DocumentChange) => void>();
  private lastOrigin: EditOrigin = 'file';
  /** Increases on every change: cheap identity for React. */
  revision = 0;

  constructor(
    text = '',
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.current = text;
  }

  get text(): string {
    return this.current;
  }

  get origin(): EditOrigin {
    return this.lastOrigin;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Replaces the whole document (a file was opened): the history starts again. */
  reset(text: string): void {
    this.undoStack = [];
    this.redoStack = [];
    this.set(text, 'file');
  }

  /** One edit. Returns false when the text did not change. */
  replace(text: string, origin: Exclude<EditOrigin, 'history'>, mergeKey?: string): boolean {
    if (text === this.current) return false;
    const now = this.clock();
    const top = this.undoStack[this.undoStack.length - 1];
    const merges = mergeKey !== undefined && top?.mergeKey === mergeKey && now - top.at < MERGE_WINDOW_MS && this.redoStack.length === 0;
    if (merges) top.at = now;
    else {
      this.undoStack.push({ text: this.current, mergeKey, at: now });
      if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift();
    }
    this.redoStack = [];
    this.set(text, origin);
    return true;
  }

  undo(): boolean {
    const entry = this.undoStack.pop();
    if (!entry) return false;
    this.redoStack.push({ text: this.current, at: this.clock() });
    this.set(entry.text, 'history');
    return true;
  }

  redo(): boolean {
    const entry = this.redoStack.pop();
    if (!entry) return false;
    this.undoStack.push({ text: this.current, at: this.clock() });
    this.set(entry.text, 'history');
    return true;
  }

  subscribe = (listener: (change: DocumentChange) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(text: string, origin: EditOrigin): void {
    this.current = text;
    this.lastOrigin = origin;
    this.revision++;
    for (const listener of this.listeners) listener({ text, origin });
  }
}
