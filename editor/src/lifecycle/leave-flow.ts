/**
 * Before another flow (or a new one) replaces the open one: its unsaved edits — those autosave has
 * not reached yet — go to its draft first; only when they cannot (no right to edit, a refused save)
 * is the user asked whether to discard them.
 */
import type { FlowFiles } from '../files/flow-files.ts';

export async function leaveFlow(files: FlowFiles, canEdit: boolean): Promise<boolean> {
  if (!files.dirty || !files.state.id) return true;
  if (canEdit && (await files.save())) return true;
  return confirm('Discard the unsaved changes of this flow?');
}
