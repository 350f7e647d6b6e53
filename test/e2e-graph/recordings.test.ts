/**
 * A voicemail against the Graph emulator, end to end: the caller leaves a message, the engine
 * downloads the emulator's recording with the recordingAccessToken as bearer (as Microsoft
 * documents the download: learn.microsoft.com/graph/api/call-record, graph-calls.md §2.3) and keeps
 * it under CALLFLOW_RECORDINGS_DIR with the very bytes the emulator recorded; the emulator then
 * plays it back from the bot's own signed link, and operators find it through their route.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialIn, warmUp } from './calls.ts';
import { startStack, type Stack } from './stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ speed: 10 });
  await warmUp(stack);
});
afterAll(() => stack?.stop());

/** GET over HTTPS trusting the emulator's CA, with optional headers: status and bytes. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: stack.emulatorCa, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('a voicemail kept by the engine', () => {
  it('downloads what the emulator recorded, keeps the same bytes, and plays them back from the bot’s own link', async () => {
    const call = await dialIn(stack, 'voicemail');
    await stack.people.waitForRecording(call.emulatorCallId);
    expect(await stack.people.speak(call.emulatorCallId, 'noise', 2000)).toBe(true);

    // Graph's completion: where the recording is and the token that opens it.
    const completion = await stack.people.waitFor('the recording to complete', async () => {
      for (const entry of await stack.people.notifications(call.emulatorCallId)) {
        const text = JSON.stringify(entry);
        const location = /"recordingLocation":"(https:[^"]+)"/.exec(text)?.[1];
        const token = /"recordingAccessToken":"([^"]+)"/.exec(text)?.[1];
        if (location && token) return { location, token };
      }
      return undefined;
    });
    const recorded = await get(completion.location, { Authorization: `Bearer ${completion.token}` });
    expect(recorded.status).toBe(200);
    expect(recorded.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    // The emulator guards it as Graph does: no token, no file.
    expect((await get(completion.location)).status).toBe(401);

    // The engine's copy, under the call's folder.
    const folder = join(stack.recordingsDir, call.flowCallId);
    const name = await stack.people.waitFor(
      'the engine to keep the recording',
      async () => existsSync(folder) && readdirSync(folder, { withFileTypes: true }).find((entry) => entry.isFile() && entry.name.endsWith('.wav'))?.name,
    );
    expect(name).toMatch(/^recordMessage#[0-9.]+\.wav$/);
    expect(readFileSync(join(folder, name)).equals(recorded.bytes)).toBe(true);

    // Playback: the emulator fetched the bot's signed link (no credentials) and got a WAV of the same length.
    const playing = await stack.people.waitForLog(
      call.emulatorCallId,
      'the recording played back',
      (entry) => entry.kind === 'event' && entry.event === 'promptPlaying' && JSON.stringify(entry.detail).includes(`${stack.engineUrl}/recordings/`),
    );
    const media = (playing as unknown as { detail: { media: Array<{ uri: string; bytes: number }> } }).detail.media;
    const played = media.find((m) => m.uri.startsWith(`${stack.engineUrl}/recordings/`))!;
    expect(played.bytes).toBe(recorded.bytes.byteLength);
    const link = await fetch(played.uri);
    expect(link.status).toBe(200);
    expect(Buffer.from(await link.arrayBuffer()).equals(recorded.bytes)).toBe(true);
    // The link opens this file only: without its signature nobody without a role gets it.
    expect((await fetch(played.uri.replace(/\?sig=.*$/, ''))).status).toBe(401);

    // Operators list the call's recordings with their role.
    const listed = await stack.api<{ recordings: Array<{ name: string }> }>('GET', `/api/calls/${call.flowCallId}/recordings`);
    expect(listed.body.recordings.map((r) => r.name)).toEqual([name]);

    await stack.people.pressKeys(call.emulatorCallId, '1');
    await stack.people.waitForState(call.emulatorCallId, 'terminated');
  });

  it('keeps what was recorded when the caller hangs up mid-message and Graph delivers it, and ends the call cleanly when Graph sends nothing', async () => {
    const call = await dialIn(stack, 'voicemail');
    await stack.people.waitForRecording(call.emulatorCallId);
    expect(await stack.people.speak(call.emulatorCallId, 'noise', 1500)).toBe(true);
    await stack.people.hangUp(call.emulatorCallId);

    // Which behaviour the emulator drew for the call (recordOnHangUp; the seed is printed above).
    const trace = await stack.people.waitFor('the engine to finish the call', async () => {
      const answer = await stack.api<{ status: string; entries: Array<{ kind: string; type?: string; effect?: string; event?: { type?: string } }> }>(
        'GET',
        `/api/calls/${call.flowCallId}/trace`,
      );
      return answer.body.status === 'active' ? undefined : answer.body;
    });
    const notifications = JSON.stringify(await stack.people.notifications(call.emulatorCallId));
    const delivered = /"recordingLocation":"https:/.test(notifications);
    console.log(`recordOnHangUp for ${call.emulatorCallId}: ${delivered ? 'delivered' : 'lost'}`);
    const listed = await stack.people.waitFor('the recordings list to settle', async () => {
      const answer = await stack.api<{ recordings: Array<{ name: string }> }>('GET', `/api/calls/${call.flowCallId}/recordings`);
      return !delivered || answer.body.recordings.length ? answer.body.recordings : undefined;
    });
    if (delivered) {
      // The download ran although the caller had gone: the message is kept, for operators to fetch.
      expect(listed.map((r) => r.name)).toEqual([expect.stringMatching(/^recordMessage#[0-9.]+\.wav$/)]);
    } else {
      expect(listed).toEqual([]);
    }
    // Either way the flow ended with the caller, not in an error.
    expect(trace.status).toBe('done');
  });
});
