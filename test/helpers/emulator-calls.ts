/**
 * Steps the emulator tests repeat: take an incoming call to `established`, read notification
 * bodies, serve WAV prompts.
 */
import wavefile from 'wavefile';
import type { EmulatorFixture } from './emulator-fixture.ts';
import type { ReceivedNotification } from './emulator-bot.ts';

/** The single commsNotification of a received POST. */
export function first(n: ReceivedNotification): ReceivedNotification['body']['value'][number] {
  return n.body.value[0];
}

/** resourceData of a call notification, as an object. */
export function data(n: ReceivedNotification): Record<string, unknown> {
  return first(n).resourceData as Record<string, unknown>;
}

/** The service-hosted media config bots answer with. */
export const SERVICE_HOSTED = { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' };

/** A caller dials the bot, the bot answers, and the call is established. Returns the call id. */
export async function establishedIncomingCall(
  f: EmulatorFixture,
  from: { user: { id: string; displayName?: string } } | { phone: string } = { user: { id: 'alice', displayName: 'Alice' } },
): Promise<string> {
  const { id } = await f.emulator.people.placeCall({ from });
  await f.bot.waitFor(id, 'the incoming call', (n) => first(n).changeType === 'created');
  await f.graph.api(`/communications/calls/${id}/answer`).post({ callbackUri: f.bot.callbackUri, acceptedModalities: ['audio'], mediaConfig: SERVICE_HOSTED });
  await f.bot.waitFor(id, 'established', (n) => data(n).state === 'established');
  return id;
}

/** Waits for the operation's completion notification. */
export function operationDone(f: EmulatorFixture, callId: string, operationId: string): Promise<ReceivedNotification> {
  return f.bot.waitFor(
    callId,
    `operation ${operationId} to finish`,
    (n) => first(n).resourceUrl === `/communications/calls/${callId}/operations/${operationId}`,
  );
}

/** A PCM WAV of `seconds` of silence. */
export function wav(seconds: number, options: { sampleRate?: number; channels?: number; bits?: '16' | '8' } = {}): Buffer {
  const sampleRate = options.sampleRate ?? 16000;
  const channels = options.channels ?? 1;
  const file = new wavefile.WaveFile();
  const samples = new Array(Math.round(seconds * sampleRate)).fill(0);
  file.fromScratch(channels, sampleRate, options.bits ?? '16', channels === 1 ? samples : Array.from({ length: channels }, () => samples));
  return Buffer.from(file.toBuffer());
}

/** A mediaPrompt for a URI. */
export function prompt(uri: string, resourceId?: string): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.mediaPrompt', mediaInfo: { uri, ...(resourceId && { resourceId }) } };
}

/** The P2P VoIP create-call body of graph-calls.md §2.1, to a Teams user. */
export function p2pCallBody(f: EmulatorFixture, userId: string): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.call',
    callbackUri: f.bot.callbackUri,
    targets: [{ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: { user: { id: userId, displayName: userId } } }],
    requestedModalities: ['audio'],
    mediaConfig: SERVICE_HOSTED,
  };
}

/** The bot calls `userId`; resolves with the call id once the call has ended, and its deleted notification's resultInfo. */
export async function callThatEnds(f: EmulatorFixture, userId: string): Promise<{ id: string; resultInfo: unknown }> {
  const { id } = (await f.graph.api('/communications/calls').post(p2pCallBody(f, userId))) as { id: string };
  const deleted = await f.bot.waitFor(id, 'the call to end', (n) => first(n).changeType === 'deleted');
  return { id, resultInfo: data(deleted).resultInfo };
}
