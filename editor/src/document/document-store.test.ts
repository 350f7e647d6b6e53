import { describe, expect, it } from 'vitest';
import { DocumentStore } from './document-store.ts';

describe('document store', () => {
  it('undoes and redoes edits from every view in one history', () => {
    let now = 0;
    const store = new DocumentStore('a', () => now);
    store.replace('ab', 'canvas');
    now += 5000;
    store.replace('abc', 'code');
    expect(store.undo()).toBe(true);
    expect(store.text).toBe('ab');
    expect(store.undo()).toBe(true);
    expect(store.text).toBe('a');
    expect(store.undo()).toBe(false);
    store.redo();
    store.redo();
    expect(store.text).toBe('abc');
  });

  it('merges a burst of edits with the same key into one step', () => {
    let now = 0;
    const store = new DocumentStore('', () => now);
    for (const text of ['C', 'Co', 'Con']) {
      now += 200;
      store.replace(text, 'form', 'name');
    }
    now += 5000;
    store.replace('Con!', 'form', 'name');
    store.undo();
    expect(store.text).toBe('Con');
    store.undo();
    expect(store.text).toBe('');
  });

  it('tells listeners where a change came from, and forgets history when a file is opened', () => {
    const store = new DocumentStore('x');
    const seen: string[] = [];
    store.subscribe((change) => seen.push(`${change.origin}:${change.text}`));
    store.replace('y', 'code');
    store.undo();
    store.reset('z');
    expect(seen).toEqual(['code:y', 'history:x', 'file:z']);
    expect(store.canUndo).toBe(false);
  });
});
