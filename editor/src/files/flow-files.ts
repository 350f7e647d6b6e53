/**
 * The open file: which flow, the text and version last read from or written to disk, and the
 * save, open, create and rename operations. A save sends the version that was opened; when the
 * file changed on disk meanwhile, the engine refuses (412) and the editor shows both versions.
 * Whatever the engine answers — conflict, missing token, problems, a disk error — the document
 * is left exactly as the user had it, and the failure is remembered with the text it was about,
 * so the status can say "Not saved" (and why) for exactly as long as that text is shown.
 */
import { formatFlow } from '../../../engine/blocks/language.ts';
import type { Problem } from '../../../engine/core/types.ts';
import type { DocumentStore } from '../document/document-store.ts';
import type { LayoutStore } from '../canvas/layout-store.ts';
import { analyze } from '../document/analysis.ts';
import { setIn, type FlowValue } from '../document/flow-value.ts';
import { ApiError, engineApi, setAdminToken, type VersionedText } from './engine-api.ts';

export interface FileState {
  id?: string;
  /** The file exists in the flows folder (false for a new flow until its first save). */
  onDisk: boolean;
  /** The text as last read or written, to tell whether there are unsaved changes. */
  savedText: string;
  version?: string;
  busy: boolean;
  /** Something went wrong outside saving (a flow could not be opened). */
  message?: { kind: 'error'; text: string };
  /** The last save or rename failed for this text: shown until the text changes or a save succeeds. */
  failure?: { text: string; reason: string };
  /** What just happened to this text ("Loaded the version on disk…"), shown until it changes. */
  notice?: { text: string; message: string };
  conflict?: { diskText: string; diskVersion: string };
  refused?: { reason: string; problems: Problem[] };
  needsToken: boolean;
  /** Increases each time a file is opened or created. */
  opened: number;
  /** Increases each time a file is read from disk (not for a new flow). */
  loaded: number;
}

export class FlowFiles {
  state: FileState = { onDisk: false, savedText: '', busy: false, needsToken: false, opened: 0, loaded: 0 };
  private listeners = new Set<() => void>();

  constructor(
    private readonly document: DocumentStore,
    private readonly layout: LayoutStore,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get dirty(): boolean {
    return this.document.text !== this.state.savedText || this.layout.dirty;
  }

  async open(id: string): Promise<void> {
    this.update({ busy: true, message: undefined, failure: undefined, notice: undefined });
    try {
      const source = await engineApi.source(id);
      const layout = await engineApi.layout(id);
      this.document.reset(source.text);
      this.layout.load(Object.keys(layout.positions).length ? layout.positions : undefined);
      this.update({
        id,
        onDisk: true,
        savedText: source.text,
        version: source.version,
        busy: false,
        conflict: undefined,
        refused: undefined,
        opened: this.state.opened + 1,
        loaded: this.state.loaded + 1,
      });
      history.replaceState(null, '', `?flow=${encodeURIComponent(id)}`);
    } catch (error) {
      this.update({ busy: false, message: { kind: 'error', text: `Could not open ${id}: ${(error as Error).message}` } });
    }
  }

  /** Opens the flow given in the page's address (?flow=<id>), if any. */
  openFromAddress(): void {
    const wanted = new URLSearchParams(location.search).get('flow');
    if (wanted) void this.open(wanted);
  }

  /** A new, empty flow; it reaches the disk with its first save. */
  create(id: string, name: string): void {
    const text = formatFlow({ $schema: '../schemas/flow.schema.json', id, version: 1, name, states: {} });
    this.document.reset(text);
    this.layout.load(undefined);
    this.update({
      id,
      onDisk: false,
      savedText: '',
      version: undefined,
      conflict: undefined,
      refused: undefined,
      message: undefined,
      failure: undefined,
      notice: undefined,
      opened: this.state.opened + 1,
    });
    history.replaceState(null, '', `?flow=${encodeURIComponent(id)}`);
  }

  /** Saves the document (and the layout); `overwrite` is the disk version a conflict showed. */
  async save(overwrite?: string): Promise<void> {
    const text = this.document.text;
    const analysis = analyze(text, `${this.state.id ?? 'flow'}.flow.json`);
    if (analysis.empty) return this.update({ failure: { text, reason: 'add at least one block first' } });
    if (!analysis.clean) {
      const problems = analysis.problems.filter((problem) => problem.severity === 'error');
      const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
      return this.update({
        refused: { reason: `The flow has ${count} to fix first; nothing was saved.`, problems },
        failure: { text, reason: `${count} to fix first` },
      });
    }
    const id = (analysis.value as FlowValue).id!;
    this.update({ busy: true, message: undefined, refused: undefined, conflict: undefined, failure: undefined });
    try {
      let saved: VersionedText | undefined;
      if (!this.state.onDisk) saved = await engineApi.create(text);
      else if (text !== this.state.savedText || overwrite) saved = await engineApi.save(id, text, overwrite ?? this.state.version!);
      if (saved) {
        this.update({ id, onDisk: true, savedText: saved.text, version: saved.version });
        // The engine writes canonical JSON; show the user exactly what is on disk.
        if (this.document.text === text && saved.text !== text) this.document.replace(saved.text, 'file');
      }
      const states = Object.keys((analysis.value as FlowValue).states ?? {});
      if (saved || this.layout.dirty || !this.layout.onDisk) this.layout.markSaved((await engineApi.saveLayout(id, this.layout.positionsOf(states))).positions);
      this.update({ busy: false, notice: undefined });
    } catch (error) {
      this.failed(error, 'save', text);
    }
  }

  /** Gives the token the engine asked for and retries the save. */
  async retryWithToken(token: string): Promise<void> {
    setAdminToken(token);
    this.update({ needsToken: false });
    await this.save();
  }

  /** Conflict: replace the document with the version on disk (undo brings the user's back). */
  takeDiskVersion(): void {
    const conflict = this.state.conflict;
    if (!conflict) return;
    this.document.replace(conflict.diskText, 'file');
    this.update({
      savedText: conflict.diskText,
      version: conflict.diskVersion,
      conflict: undefined,
      failure: undefined,
      notice: { text: conflict.diskText, message: 'Loaded the version on disk; Undo brings yours back' },
    });
  }

  /** Renames the flow: its name, as one edit of the document (saved with the next Save). */
  rename(name: string): void {
    try {
      const value = JSON.parse(this.document.text) as FlowValue;
      this.document.replace(formatFlow(setIn(value, ['name'], name)), 'form');
    } catch {
      // Text that is not JSON keeps its name; the user fixes the code first.
    }
  }

  /** Changes the flow's file id: the file is renamed on disk at once (routes and subflows refer to the old id). */
  async changeId(to: string): Promise<void> {
    const id = this.state.id;
    if (!id || to === id) return;
    const renameInDocument = () => {
      try {
        const value = JSON.parse(this.document.text) as FlowValue;
        this.document.replace(formatFlow(setIn(value, ['id'], to)), 'file');
      } catch {
        // Text that is not JSON keeps its id; the user fixes the code first.
      }
    };
    if (!this.state.onDisk) {
      renameInDocument();
      this.update({ id: to });
      return;
    }
    this.update({ busy: true, message: undefined, failure: undefined });
    try {
      const renamed = await engineApi.rename(id, to, this.state.version!);
      const unchanged = this.document.text === this.state.savedText;
      renameInDocument();
      this.update({
        id: to,
        savedText: unchanged ? this.document.text : renamed.text,
        version: renamed.version,
        busy: false,
        notice: { text: this.document.text, message: `The file is now ${to}.flow.json` },
      });
      history.replaceState(null, '', `?flow=${encodeURIComponent(to)}`);
    } catch (error) {
      this.failed(error, 'change the file id', this.document.text);
    }
  }

  dismiss(): void {
    this.update({ conflict: undefined, refused: undefined, needsToken: false, message: undefined });
  }

  private failed(error: unknown, action: string, text: string): void {
    const apiError = error instanceof ApiError ? error : new ApiError(0, { error: { message: String(error) } });
    const kept = 'your changes are kept in the editor';
    if (apiError.status === 412 && apiError.body.text !== undefined) {
      return this.update({
        busy: false,
        conflict: { diskText: apiError.body.text, diskVersion: apiError.body.version! },
        failure: { text, reason: 'the file changed on disk' },
      });
    }
    // notTrusted: the engine lets nobody in from where this page is (only its operator can change
    // that), so asking for a token would not help — the reason is shown instead.
    if (apiError.status === 401 && apiError.body.error?.code !== 'notTrusted')
      return this.update({ busy: false, needsToken: true, failure: { text, reason: `the engine needs the admin token to ${action}; ${kept}` } });
    if (apiError.status === 422 && apiError.body.problems) {
      return this.update({
        busy: false,
        refused: { reason: `The engine refused the flow: ${apiError.message}`, problems: apiError.body.problems },
        failure: { text, reason: 'the engine refused the flow' },
      });
    }
    this.update({ busy: false, failure: { text, reason: `${apiError.message}; ${kept}` } });
  }

  private update(patch: Partial<FileState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
