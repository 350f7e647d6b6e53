/**
 * Whether what is open is live: "Draft — not published" (with who saved the draft last and when)
 * or "Published as version N". Derived from the file state and the flow list, like the save status.
 */
import type { FileState } from '../files/file-state.ts';

export interface LifecycleStatus {
  kind: 'draft' | 'live' | 'new';
  text: string;
  /** Who saved the draft last, and when ("Last edited by alice@contoso.com at 14:05"). */
  detail?: string;
}

/** A time of day for today, else the date and time, in the reader's locale. */
export function whenSaved(at: number, now = Date.now()): string {
  const date = new Date(at);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return sameDay ? `at ${time}` : `on ${date.toLocaleDateString()} at ${time}`;
}

export function lifecycleStatus(file: FileState, liveNumber: number | null | undefined, now = Date.now()): LifecycleStatus {
  if (!file.stored) return { kind: 'new', text: 'Not published' };
  if (file.draft) {
    const { author, at } = file.draft;
    const who = author ? `by ${author}` : '';
    const when = at ? whenSaved(at, now) : '';
    return {
      kind: 'draft',
      text: liveNumber ? 'Draft — not published' : 'Draft — never published',
      ...(who || when ? { detail: `Last edited ${[who, when].filter(Boolean).join(' ')}` } : {}),
    };
  }
  return { kind: 'live', text: liveNumber ? `Published as version ${liveNumber}` : 'Published' };
}
