/**
 * What a caller on an emulated call hears and sees, as text: reads the emulator's call log and
 * turns new entries into lines — prompt texts from the flows (matched by their WAV path), transfers,
 * recordings listening, keys pressed, the call's state and how it ended.
 */
import type { CallLogEntry } from '../emulator/call-log.ts';
import type { FlowLibrary } from '../node/flow-library.ts';

/** Prompt WAV path relative to the flows folder (`prompts/en-US/welcome.wav`) → its text. */
export function promptTexts(library: FlowLibrary): Map<string, string> {
  const texts = new Map<string, string>();
  for (const entry of library.list()) {
    for (const prompt of Object.values(entry.latest?.flow.prompts ?? {})) {
      for (const variant of Object.values(prompt)) if (variant.file && variant.text) texts.set(variant.file.replace(/^\.?\//, ''), variant.text);
    }
  }
  return texts;
}

/** The words of synthesized audio by its key (`/prompts/synth/<key>.wav`), from the engine's audio cache on this machine. */
export type SynthesizedWords = (key: string) => string | undefined;

/** The text of a prompt URI (`…/prompts/en-US/welcome.wav`, `…/prompts/synth/<key>.wav`), or the URI's last part. */
export function textOf(uri: string, texts: Map<string, string>, synthesized?: SynthesizedWords): string {
  let path = uri;
  try {
    path = decodeURIComponent(new URL(uri).pathname);
  } catch {
    // Not a URL: match the raw text.
  }
  const key = /\/prompts\/synth\/([0-9a-f]{64})\.wav$/.exec(path)?.[1];
  const words = key ? synthesized?.(key) : undefined;
  if (words) return words;
  for (const [file, text] of texts) if (path.endsWith(`/${file}`)) return text;
  return /\/recordings\//.test(path) ? '(a recording)' : `(${path.split('/').pop()})`;
}

function uris(value: unknown): string[] {
  const prompts = (value as { prompts?: Array<{ mediaInfo?: { uri?: string } }> } | undefined)?.prompts ?? [];
  return prompts.map((p) => p.mediaInfo?.uri).filter((u): u is string => typeof u === 'string');
}

function identity(value: unknown): string {
  const set = (value as { identity?: Record<string, { id?: string; displayName?: string }> } | undefined)?.identity ?? {};
  const [kind, who] = Object.entries(set).find(([key]) => !key.startsWith('@')) ?? ['someone', {}];
  return `${who?.displayName ?? who?.id ?? '?'} (${kind})`;
}

/** The lines an entry shows the caller; none for entries the caller would not notice. */
export function describeEntry(entry: CallLogEntry, texts: Map<string, string>, synthesized?: SynthesizedWords): string[] {
  if (entry.kind === 'event' && entry.event === 'promptPlaying')
    return ((entry.detail?.uris as string[]) ?? []).map((uri) => `bot: ${textOf(uri, texts, synthesized)}`);
  if (entry.kind === 'event' && entry.event === 'recordingListening') return ['(beep — recording; press s to speak for 3 s)'];
  if (entry.kind === 'event' && entry.event === 'transferred') return [`(transferred to ${String(entry.detail?.to)})`];
  if (entry.kind === 'request' && entry.action === 'recordResponse' && entry.status < 300)
    return uris(entry.body).map((uri) => `bot: ${textOf(uri, texts, synthesized)}`);
  if (entry.kind === 'request' && entry.action === 'transfer' && entry.status < 300)
    return [`(the bot transfers you to ${identity((entry.body as { transferTarget?: unknown }).transferTarget)})`];
  if (entry.kind === 'person' && entry.action === 'pressKey') return [`you pressed ${String(entry.detail?.key)}`];
  if (entry.kind === 'state' && (entry.to === 'established' || entry.to === 'terminated'))
    return [`(call ${entry.to}${entry.reason ? `: ${entry.reason}` : ''})`];
  return [];
}
