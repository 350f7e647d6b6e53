/**
 * The Graph requests the engine made for one call, from the emulator's call log, in a compact form
 * tests compare exactly: `<action> <key fields>` per request, in order — recorded prompts by their key in
 * the flow (synthesized ones as `<words>`), targets by identity kind and id, a participant muted or removed by the name the scenario gave them, keypad tones by Graph's names, a meeting joined by ID as `meeting-id:<id>`. Faulted attempts (the emulator answered 429/5xx
 * instead of processing) keep their status so retries are visible: `answer 503`.
 */
import type { CallLogEntry } from '../../engine/emulator/index.ts';
import type { FlowDocument } from '../../engine/core/types.ts';

type RequestEntry = Extract<CallLogEntry, { kind: 'request' }>;

function promptKeys(body: unknown, flow: FlowDocument): string {
  const prompts = (body as { prompts?: Array<{ mediaInfo?: { uri?: string } }> }).prompts ?? [];
  return prompts
    .map((p) => {
      const uri = p.mediaInfo?.uri ?? '';
      // The path alone: prompt URIs carry the engine's signature (`?sig=`).
      const path = uri.split('?')[0];
      const key = Object.entries(flow.prompts ?? {}).find(([, locales]) => Object.values(locales).some((l) => l.file && path.endsWith(`/${l.file}`)))?.[0];
      // Synthesized words are addressed by content (/prompts/synth/<sha-256>.wav), not by a name of the flow.
      return key ?? (uri.includes('/recordings/') ? '<recording>' : path.includes('/prompts/synth/') ? '<words>' : uri);
    })
    .join(',');
}

function target(identity: unknown): string {
  const set = (identity ?? {}) as Record<string, { id?: string }>;
  const kind = Object.keys(set).find((k) => !k.startsWith('@') && k !== 'applicationInstance') ?? Object.keys(set).find((k) => !k.startsWith('@'));
  return kind ? `${kind}:${set[kind]?.id}` : '?';
}

/** What a create-call request addresses: a meeting by link (chatInfo), a meeting by its ID, or the targets. */
function created(body: Record<string, unknown>): string {
  const meetingInfo = (body.meetingInfo ?? {}) as { joinMeetingId?: string };
  if (body.chatInfo) return 'meeting';
  if (meetingInfo.joinMeetingId !== undefined) return `meeting-id:${meetingInfo.joinMeetingId}`;
  return (body.targets as Array<{ identity?: unknown }>).map((t) => target(t.identity)).join(',');
}

/** The participant id of `…/participants/{id}` or `…/participants/{id}/mute`. */
export function participantIdIn(path: string): string {
  return decodeURIComponent(/\/participants\/([^/]+)/.exec(path)?.[1] ?? '');
}

/** One request as a line; a participant acted on is named by `names` (participant id → name) when it has them. */
export function describeRequest(entry: RequestEntry, flow: FlowDocument, names: ReadonlyMap<string, string> = new Map()): string {
  const body = (entry.body ?? {}) as Record<string, unknown>;
  let line: string = entry.action;
  if (entry.action === 'playPrompt' || entry.action === 'recordResponse') line += ` ${promptKeys(body, flow)}`;
  if (entry.action === 'transfer') {
    const transferTarget = (body.transferTarget ?? {}) as { identity?: unknown; replacesCallId?: string };
    line += ` ${target(transferTarget.identity)}`;
    // A consultative transfer: the call it replaces is the bot's consult call (checked by id where it matters).
    if (transferTarget.replacesCallId) line += ' replacing-consult';
  }
  if (entry.action === 'invite') line += ` ${(body.participants as Array<{ identity?: unknown }>).map((p) => target(p.identity)).join(',')}`;
  if (entry.action === 'create') line += ` ${created(body)}`;
  if (entry.action === 'reject') line += ` ${String(body.reason ?? '')}`;
  if (entry.action === 'redirect') line += ` ${(body.targets as Array<{ identity?: unknown }>).map((t) => target(t.identity)).join(',')}`;
  if (entry.action === 'participantMute' || entry.action === 'removeParticipant') {
    const id = participantIdIn(entry.path);
    line += ` ${names.get(id) ?? id}`;
  }
  if (entry.action === 'sendDtmfTones') line += ` ${(body.tones as string[]).join(',')}`;
  if (entry.status >= 400 && entry.status !== 404) line += ` ${entry.status}`;
  return line;
}

/** Every Graph request of the call, as lines. */
export function graphRequests(log: CallLogEntry[], flow: FlowDocument, names?: ReadonlyMap<string, string>): string[] {
  return log.filter((e): e is RequestEntry => e.kind === 'request').map((e) => describeRequest(e, flow, names));
}
