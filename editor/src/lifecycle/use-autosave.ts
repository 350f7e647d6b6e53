/**
 * Edits reach the draft by themselves: a second after the last change of the text or the layout,
 * and at once with Ctrl/Cmd+S (or the Save button). Nothing is sent while a save runs, while a
 * conflict or the token question waits for an answer, for text a save just failed for (the next
 * edit tries again), for a new flow with no blocks yet, or for someone who may not edit.
 */
import { useEffect } from 'react';
import type { FileState } from '../files/file-state.ts';
import type { FlowFiles } from '../files/flow-files.ts';

export const AUTOSAVE_DELAY_MS = 1000;

interface AutosaveOptions {
  files: FlowFiles;
  file: FileState;
  text: string;
  layoutRevision: number;
  /** The document has no blocks yet: there is nothing to keep. */
  empty: boolean;
  canEdit: boolean;
}

export function useAutosave({ files, file, text, layoutRevision, empty, canEdit }: AutosaveOptions): void {
  const waiting = !canEdit || !file.id || file.busy || Boolean(file.conflict) || file.needsToken || empty || file.failure?.text === text;
  useEffect(() => {
    if (waiting || !files.dirty) return;
    const timer = setTimeout(() => void files.save(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [files, waiting, text, layoutRevision, file]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 's' || event.shiftKey || event.altKey) return;
      // The browser's "Save page as" is never what is meant here.
      event.preventDefault();
      if (canEdit && files.state.id && !files.state.busy) void files.save();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [files, canEdit]);
}
