/**
 * The one status the editor shows for the open document, derived each time from the file state
 * and the current text, so it cannot go stale: saving, not saved (and why, for as long as the text
 * it failed for is shown), not saved yet (a new flow), unsaved changes, saved — never two at once.
 */
import type { FileState } from './flow-files.ts';

export interface DocumentStatus {
  kind: 'saving' | 'failed' | 'new' | 'unsaved' | 'saved';
  text: string;
}

export function documentStatus(file: FileState, text: string, layoutDirty: boolean): DocumentStatus {
  if (file.busy) return { kind: 'saving', text: 'Saving…' };
  if (file.failure && file.failure.text === text) return { kind: 'failed', text: `Not saved: ${file.failure.reason}` };
  if (!file.onDisk) return { kind: 'new', text: 'Not saved yet' };
  if (text !== file.savedText || layoutDirty) return { kind: 'unsaved', text: 'Unsaved changes' };
  return { kind: 'saved', text: file.notice && file.notice.text === text ? `Saved · ${file.notice.message}` : 'Saved' };
}

/** The problems part of the status: nothing for a flow with no blocks yet, which has nothing wrong, only nothing done. */
export function problemStatus(errors: number, warnings: number, empty: boolean): { kind: 'errors' | 'warnings' | 'clean' | 'empty'; text: string } {
  if (empty) return { kind: 'empty', text: 'No blocks yet' };
  if (errors) return { kind: 'errors', text: `${errors} problem${errors === 1 ? '' : 's'} to fix${warnings ? `, ${warnings} to check` : ''}` };
  if (warnings) return { kind: 'warnings', text: `${warnings} thing${warnings === 1 ? '' : 's'} to check` };
  return { kind: 'clean', text: 'No problems' };
}
