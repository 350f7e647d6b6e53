import { describe, expect, it } from 'vitest';
import { documentStatus, problemStatus } from './document-status.ts';
import type { FileState } from './flow-files.ts';

const file = (patch: Partial<FileState> = {}): FileState => ({
  id: 'main-menu',
  stored: true,
  savedText: 'saved',
  savedTests: null,
  busy: false,
  needsToken: false,
  opened: 1,
  loaded: 1,
  ...patch,
});

describe('the document status', () => {
  it('is Saved exactly when the text and layout are what was saved, also after undo back to it', () => {
    expect(documentStatus(file(), 'saved', false).text).toBe('Saved');
    expect(documentStatus(file(), 'edited', false).text).toBe('Unsaved changes');
    expect(documentStatus(file(), 'saved', true).text).toBe('Unsaved changes');
  });

  it('says Not saved, and why, only while the text the save failed for is shown', () => {
    const failed = file({ failure: { text: 'edited', reason: 'the disk is full' } });
    expect(documentStatus(failed, 'edited', false)).toEqual({ kind: 'failed', text: 'Not saved: the disk is full' });
    expect(documentStatus(failed, 'saved', false).text).toBe('Saved');
    expect(documentStatus(failed, 'edited again', false).text).toBe('Unsaved changes');
  });

  it('says a saved draft is a draft, with the problems it still has (only publishing needs none)', () => {
    const draft = file({ draft: { author: 'alice', at: 1 } });
    expect(documentStatus(draft, 'saved', false).text).toBe('Draft saved');
    expect(documentStatus(draft, 'saved', false, 2).text).toBe('Draft saved · 2 problems (publishing needs none)');
    expect(documentStatus(draft, 'edited', false, 2).text).toBe('Unsaved changes');
  });

  it('calls a new flow not saved yet, and a save in progress saving', () => {
    expect(documentStatus(file({ stored: false, savedText: '' }), 'new', false).text).toBe('Not saved yet');
    expect(documentStatus(file({ busy: true }), 'edited', false).text).toBe('Saving…');
  });

  it('reports no problem for a flow with no blocks yet', () => {
    expect(problemStatus(0, 0, true).text).toBe('No blocks yet');
    expect(problemStatus(2, 1, false).text).toBe('2 problems to fix, 1 to check');
    expect(problemStatus(0, 0, false).text).toBe('No problems');
  });
});
