import { describe, expect, it } from 'vitest';
import type { FileState } from '../files/file-state.ts';
import { lifecycleStatus } from './lifecycle-status.ts';

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
const noon = new Date(2026, 11, 2, 12, 0).getTime();

describe('whether what is open is live', () => {
  it('is the published version with its number when there is no draft', () => {
    expect(lifecycleStatus(file(), 3, noon)).toEqual({ kind: 'live', text: 'Published as version 3' });
  });

  it('is a draft not published, with who saved it last and when', () => {
    const status = lifecycleStatus(file({ draft: { author: 'alice@contoso.com', at: noon - 60_000 } }), 3, noon);
    expect(status.kind).toBe('draft');
    expect(status.text).toBe('Draft — not published');
    expect(status.detail).toMatch(/^Last edited by alice@contoso\.com at \d/);
  });

  it('says a draft-only flow was never published, and a new flow not published', () => {
    expect(lifecycleStatus(file({ draft: { author: null, at: null } }), null, noon)).toEqual({ kind: 'draft', text: 'Draft — never published' });
    expect(lifecycleStatus(file({ stored: false }), undefined, noon).kind).toBe('new');
  });
});
