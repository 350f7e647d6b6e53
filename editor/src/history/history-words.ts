/**
 * The History tab's words for what the engine records: when something happened, a git commit's
 * short form, a version's origin, and each audit log action as a person would say it.
 */
import type { AuditEntry, VersionSummary } from './history-api.ts';

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-12-02 13:05` in the reader's time zone. */
export function formatWhen(at: number): string {
  const date = new Date(at);
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** The 7-character form git shows. */
export const shortCommit = (commit: string | undefined): string | undefined => commit?.slice(0, 7);

/** "Version 3" with where it came from when that is not a plain publish. */
export function versionTitle(version: VersionSummary): string {
  if (version.rollbackOf !== undefined) return `Version ${version.number} (rollback to ${version.rollbackOf})`;
  if (version.source === 'disk') return `Version ${version.number} (from the flows folder)`;
  return `Version ${version.number}`;
}

const number = (value: unknown) => (typeof value === 'number' ? String(value) : '?');

/** What an audit entry says someone did, e.g. "published version 3" or "placed call 4f2a…". */
export function auditWords(entry: AuditEntry): string {
  const detail = entry.detail ?? {};
  switch (entry.action) {
    case 'draft.save':
      return 'edited the draft';
    case 'draft.discard':
      return 'discarded the draft';
    case 'flow.create':
      return 'created the flow';
    case 'flow.save':
      return 'saved the flow';
    case 'flow.publish':
      return `published version ${number(detail.number)}${typeof detail.message === 'string' ? `: ${detail.message}` : ''}`;
    case 'flow.rollback':
      return `rolled back to version ${number(detail.rollbackOf)} (published as version ${number(detail.number)})`;
    case 'flow.rename':
      return `renamed ${entry.target} to ${typeof detail.to === 'string' ? detail.to : '?'}`;
    case 'call.place':
      return `placed call ${entry.target}${typeof detail.version === 'string' ? ` (flow version ${detail.version.slice(0, 8)})` : ''}`;
    default:
      return `${entry.action} ${entry.target}`;
  }
}
