/**
 * `callflow call`: dials the running bot through the emulator's people API, prints what the caller
 * hears, and presses keys — typed live (raw terminal) or given with --keys — until the call ends.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EmulatorClient } from '../../emulator/index.ts';
import { readEmulatorInfo } from '../../emulator/info-file.ts';
import type { Caller, PlaceCallRequest } from '../../emulator/people/types.ts';
import { FlowLibrary } from '../../node/flow-library.ts';
import { describeEntry, promptTexts } from '../caller-view.ts';
import { KeyPlan } from '../key-plan.ts';
import { AudioCache } from '../../tts/audio-cache.ts';
import { ttsCacheDir } from '../../config-tts.ts';

export interface CallCommandOptions {
  from?: string;
  user?: string;
  to?: string;
  keys?: string;
  emulator?: string;
  ca?: string;
  dataDir: string;
  flows: string;
  timeout: string;
}

const E164 = /^\+[1-9][0-9]{6,14}$/;
const POLL_MS = 100;

export async function callCommand(options: CallCommandOptions): Promise<number> {
  const info = readEmulatorInfo(resolve(options.dataDir));
  const base = options.emulator ?? info?.base;
  const caPath = options.ca ?? info?.caPath;
  if (!base || !caPath) {
    console.error(
      `no running emulator found in ${options.dataDir}/emulator.json: start the bot with npm start (no AZURE_* credentials) or callflow emulator, or pass --emulator <url> --ca <file>`,
    );
    return 1;
  }
  if (options.from && !E164.test(options.from)) {
    console.error(`--from must be an E.164 number such as +14255550123, not '${options.from}'`);
    return 1;
  }
  const people = new EmulatorClient(base, { ca: readFileSync(caPath, 'utf8') });
  const texts = promptTexts(new FlowLibrary(resolve(options.flows)).load());
  // Synthesized prompts' words, from the audio cache an engine on this machine keeps (CALLFLOW_TTS_CACHE_DIR).
  const cache = new AudioCache(ttsCacheDir(process.env));
  const synthesized = (key: string) => cache.wordsOf(key)?.text;
  const from: Caller = options.user ? { user: { id: options.user, displayName: 'Test caller' } } : { phone: options.from ?? '+14255550123' };
  const request: PlaceCallRequest = { from };
  if (options.to && E164.test(options.to)) request.toPhone = options.to;
  else if (options.to) request.appId = options.to;

  const call = await people.placeCall(request).catch((error: Error) => error);
  if (call instanceof Error) {
    console.error(`the call could not be placed: ${call.message}`);
    people.close();
    return 1;
  }
  console.log(`calling ${options.to ?? `app ${call.appId}`} from ${'phone' in from ? from.phone : `user ${from.user.id}`}  (emulator call ${call.id})`);
  const interactive = options.keys === undefined && process.stdin.isTTY;
  if (interactive) console.log('press 0-9 * # to send keys, s to speak for 3 s into a recording, h to hang up');
  const plan = new KeyPlan(options.keys ?? '');
  const act = async (key: string) => {
    if (key === 'h') return people.hangUp(call.id).catch(() => undefined);
    if (key === 's') return void (await people.speak(call.id, 'noise', 3000).catch(() => false));
    await people.pressKeys(call.id, key).catch(() => 0);
  };
  const stopTyping = interactive ? typeKeys(act) : () => undefined;

  const deadline = Date.now() + Number(options.timeout) * 1000;
  let seen = 0;
  let ended = false;
  try {
    while (!ended) {
      const log = await people.log(call.id);
      for (const entry of log.slice(seen)) for (const line of describeEntry(entry, texts, synthesized)) console.log(line);
      seen = log.length;
      const summary = await people.call(call.id);
      ended = summary.state === 'terminated';
      if (ended) {
        const result = summary.resultInfo;
        console.log(`call ended${result ? ` (${result.code}/${result.subcode} ${result.message})` : ''}`);
        break;
      }
      const next = plan.next(log, summary);
      if (next) await act(next);
      if (Date.now() > deadline) {
        console.error(`the call did not end within ${options.timeout} s; hanging up`);
        await people.hangUp(call.id).catch(() => undefined);
        return 1;
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  } finally {
    stopTyping();
    people.close();
  }
  return 0;
}

/** Raw-mode key reading; returns a function restoring the terminal. Ctrl-C hangs up. */
function typeKeys(act: (key: string) => Promise<unknown>): () => void {
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  const onData = (chunk: Buffer) => {
    for (const char of chunk.toString('utf8')) {
      const key = char === '\u0003' ? 'h' : char.toLowerCase();
      if (/^[0-9*#hs]$/.test(key)) void act(key);
    }
  };
  stdin.on('data', onData);
  return () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
