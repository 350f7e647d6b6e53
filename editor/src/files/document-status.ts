/**
 * The one status the editor shows for the open document, derived each time from the file state
 * and the current text, so it cannot go stale: saving, not saved (and why, for as long as the text
 * it failed for is shown), not saved yet (a new flow), unsaved changes, draft saved (with the
 * problems it still has: a draft may hold errors, only publishing needs none), or saved when what
 * is open is the live version — never two at once.
 */
import type { FileState } from './file-state.ts';

export interface DocumentStatus {
  kind: 'saving' | 'failed' | 'new' | 'unsaved' | 'saved';
  text: string;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function documentStatus(file: FileState, text: string, layoutDirty: boolean, errors = 0): DocumentStatus {
  if (file.busy) return { kind: 'saving', text: 'Saving…' };
  if (file.failure && file.failure.text === text) return { kind: 'failed', text: `Not saved: ${file.failure.reason}` };
  if (!file.stored) return { kind: 'new', text: 'Not saved yet' };
  if (text !== file.savedText || layoutDirty) return { kind: 'unsaved', text: 'Unsaved changes' };
  const saved = file.draft ? `Draft saved${errors ? ` · ${plural(errors, 'problem')} (publishing needs none)` : ''}` : 'Saved';
  return { kind: 'saved', text: file.notice && file.notice.text === text ? `${saved} · ${file.notice.message}` : saved };
}

/** The problems part of the status: nothing for a flow with no blocks yet, which has nothing wrong, only nothing done. */
export function problemStatus(errors: number, warnings: number, empty: boolean): { kind: 'errors' | 'warnings' | 'clean' | 'empty'; text: string } {
  if (empty) return { kind: 'empty', text: 'No blocks yet' };
  if (errors) return { kind: 'errors', text: `${plural(errors, 'problem')} to fix${warnings ? `, ${warnings} to check` : ''}` };
  if (warnings) return { kind: 'warnings', text: `${plural(warnings, 'thing')} to check` };
  return { kind: 'clean', text: 'No problems' };
}
