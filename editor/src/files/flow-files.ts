/**
 * The open flow: which one, the draft's text, scenarios and version as last read from or written
 * to the engine, and the open, save, create, rename and discard operations. Saves go to the flow's
 * draft (never live; it may hold errors — only publishing needs a clean flow) and send the version
 * that was opened: when someone saved the draft meanwhile, the engine refuses (412) and the editor
 * shows both texts. Whatever the engine answers — conflict, missing token, a disk error — the
 * document is left exactly as the user had it, and the failure is remembered with the text it was
 * about, so the status can say "Not saved" (and why) for exactly as long as that text is shown.
 */
import { formatFlow } from '../../../engine/blocks/language.ts';
import type { DocumentStore } from '../document/document-store.ts';
import type { LayoutStore } from '../canvas/layout-store.ts';
import type { Point } from '../canvas/elk-layout.ts';
import { analyze } from '../document/analysis.ts';
import { setIn, type FlowValue } from '../document/flow-value.ts';
import { lifecycleApi, type DraftAnswer, type DraftFiles } from '../lifecycle/lifecycle-api.ts';
import { engineApi, setAdminToken } from './engine-api.ts';
import { saveFailure, type FileState } from './file-state.ts';

export type { FileState } from './file-state.ts';

/** The positions of a draft's layout text, or undefined when it has none (the editor lays the flow out). */
function positionsOf(layout: string | null): Record<string, Point> | undefined {
  if (!layout) return undefined;
  try {
    const positions = (JSON.parse(layout) as { positions?: Record<string, Point> }).positions;
    return positions && Object.keys(positions).length ? positions : undefined;
  } catch {
    return undefined;
  }
}

/** What the file state takes from a draft answer (the draft, or the live version when there is none). */
const fromDraft = (answer: DraftAnswer): Partial<FileState> => ({
  stored: true,
  savedText: answer.text,
  savedTests: answer.tests,
  version: answer.version,
  draft: answer.draft ? { author: answer.author, at: answer.at } : undefined,
});

export class FlowFiles {
  state: FileState = { stored: false, savedText: '', savedTests: null, busy: false, needsToken: false, opened: 0, loaded: 0 };
  /** Scenarios waiting to be saved with the next save ("Save as test"). */
  private pendingTests?: string;
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
    return this.document.text !== this.state.savedText || this.layout.dirty || this.pendingTests !== undefined;
  }

  /** Opens the flow's draft, or its live version when it has no draft. */
  async open(id: string): Promise<void> {
    this.update({ busy: true, message: undefined, failure: undefined, notice: undefined });
    try {
      const answer = await lifecycleApi.draft(id);
      this.pendingTests = undefined;
      this.document.reset(answer.text);
      this.layout.load(positionsOf(answer.layout));
      this.update({
        id,
        ...fromDraft(answer),
        liveNumber: undefined,
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

  /** A new, empty flow; the engine has it from its first save, as a draft. */
  create(id: string, name: string): void {
    const text = formatFlow({ $schema: '../schemas/flow.schema.json', id, version: 1, name, states: {} });
    this.pendingTests = undefined;
    this.document.reset(text);
    this.layout.load(undefined);
    this.update({
      id,
      stored: false,
      savedText: '',
      savedTests: null,
      version: undefined,
      draft: undefined,
      liveNumber: undefined,
      conflict: undefined,
      refused: undefined,
      message: undefined,
      failure: undefined,
      notice: undefined,
      opened: this.state.opened + 1,
    });
    history.replaceState(null, '', `?flow=${encodeURIComponent(id)}`);
  }

  /**
   * Saves the document, its layout and any pending scenarios to the draft; `overwrite` is the
   * version a conflict showed. Resolves with whether the draft now holds them.
   */
  async save(overwrite?: string): Promise<boolean> {
    const id = this.state.id;
    if (!id) return false;
    const text = this.document.text;
    const analysis = analyze(text, `${id}.flow.json`);
    if (analysis.empty) {
      this.update({ failure: { text, reason: 'add at least one block first' } });
      return false;
    }
    // Positions go with the draft once someone placed or moved a block; a flow never arranged by
    // hand keeps no layout and is laid out afresh when opened.
    const layoutChanged = this.layout.dirty;
    const tests = this.pendingTests;
    if (this.state.stored && text === this.state.savedText && !layoutChanged && tests === undefined && !overwrite) {
      this.update({ notice: undefined, failure: undefined });
      return true;
    }
    const files: DraftFiles = { text };
    const value = analysis.value as FlowValue | undefined;
    if (layoutChanged && value?.states) files.layout = `${JSON.stringify({ positions: this.layout.positionsOf(Object.keys(value.states)) }, null, 2)}\n`;
    if (tests !== undefined) files.tests = tests;
    this.update({ busy: true, message: undefined, refused: undefined, conflict: undefined, failure: undefined });
    const opened = this.state.opened;
    try {
      const saved = await lifecycleApi.saveDraft(id, files, overwrite ?? this.state.version ?? 'new');
      // Another flow was opened meanwhile: this one's draft is saved, and nothing shown is about it.
      if (this.state.opened !== opened) return true;
      if (files.layout) this.layout.markSaved((JSON.parse(files.layout) as { positions: Record<string, Point> }).positions);
      if (this.pendingTests === tests) this.pendingTests = undefined;
      this.update({ ...fromDraft(saved), busy: false, notice: undefined });
      return true;
    } catch (error) {
      if (this.state.opened === opened) this.update(saveFailure(error, 'save', text));
      return false;
    }
  }

  /** Saves the scenarios file's text with the draft ("Save as test"). */
  async saveTests(tests: string): Promise<boolean> {
    this.pendingTests = tests;
    return this.save();
  }

  /** Gives the token the engine asked for and retries the save. */
  async retryWithToken(token: string): Promise<void> {
    setAdminToken(token);
    this.update({ needsToken: false });
    await this.save();
  }

  /** Conflict: replace the document with the draft saved meanwhile (undo brings the user's back). */
  takeDiskVersion(): void {
    const conflict = this.state.conflict;
    if (!conflict) return;
    this.document.replace(conflict.diskText, 'file');
    this.update({
      savedText: conflict.diskText,
      version: conflict.diskVersion,
      conflict: undefined,
      failure: undefined,
      notice: { text: conflict.diskText, message: 'Loaded the draft saved meanwhile; Undo brings yours back' },
    });
  }

  /** Throws the draft away: the flow opens again at its live version. */
  async discardDraft(): Promise<void> {
    const id = this.state.id;
    if (!id) return;
    this.update({ busy: true, message: undefined, failure: undefined });
    try {
      await lifecycleApi.discardDraft(id);
    } catch (error) {
      return this.update(saveFailure(error, 'discard the draft', this.document.text));
    }
    await this.open(id);
  }

  /** The draft was published as version `number`: what is open is live now, under the engine's new version. */
  async published(number: number): Promise<void> {
    const id = this.state.id;
    if (!id) return;
    this.update({ draft: undefined, liveNumber: number });
    try {
      const answer = await lifecycleApi.draft(id);
      // Text typed while the publish ran stays unsaved; the version is the live one it is based on.
      this.update({ ...fromDraft(answer) });
    } catch {
      // The next save meets a conflict and shows both texts; nothing is lost.
    }
  }

  /** Renames the flow: its name, as one edit of the document (saved with the next save). */
  rename(name: string): void {
    try {
      const value = JSON.parse(this.document.text) as FlowValue;
      this.document.replace(formatFlow(setIn(value, ['name'], name)), 'form');
    } catch {
      // Text that is not JSON keeps its name; the user fixes the code first.
    }
  }

  /**
   * Changes the flow's file id: the live files are renamed at once (routes and subflows refer to
   * the old id, and the engine refuses while they do); a draft moves to the new id with them.
   */
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
    if (!this.state.stored) {
      renameInDocument();
      this.update({ id: to });
      return;
    }
    const hadDraft = Boolean(this.state.draft);
    const tests = this.state.savedTests;
    this.update({ busy: true, message: undefined, failure: undefined });
    try {
      await engineApi.rename(id, to);
      renameInDocument();
      const answer = await lifecycleApi.draft(to);
      this.update({ id: to, ...fromDraft(answer), busy: false, notice: { text: this.document.text, message: `The file is now ${to}.flow.json` } });
      history.replaceState(null, '', `?flow=${encodeURIComponent(to)}`);
      if (hadDraft) {
        // The draft's text is the document; its scenarios go with it, and the old id's draft goes.
        if (tests !== null && tests !== answer.tests) this.pendingTests = tests;
        if (await this.save()) await lifecycleApi.discardDraft(id);
      }
    } catch (error) {
      this.update(saveFailure(error, 'change the file id', this.document.text));
    }
  }

  dismiss(): void {
    this.update({ conflict: undefined, refused: undefined, needsToken: false, message: undefined });
  }

  private update(patch: Partial<FileState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
