/**
 * Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y) undo and redo in the shared history wherever the
 * focus is, except in a text field (which undoes its own typing) or the code view (which binds
 * the same keys to the shared history itself); leaving the page with unsaved changes asks first.
 */
import { useEffect } from 'react';
import type { DocumentStore } from '../document/document-store.ts';
import { isTypingTarget } from './typing-target.ts';

export function useHistoryKeys(store: DocumentStore, dirty: () => boolean): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || isTypingTarget(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey && store.undo()) event.preventDefault();
      else if (((key === 'z' && event.shiftKey) || key === 'y') && store.redo()) event.preventDefault();
    };
    const onLeave = (event: BeforeUnloadEvent) => {
      if (dirty()) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onLeave);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', onLeave);
    };
  }, [store, dirty]);
}
