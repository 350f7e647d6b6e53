/** CALLFLOW_TTS=azure end to end: the configuration the emulator prints, the engine's prompt audio, the Speech stand-in. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config.ts';
import { startEmulator, type RunningEmulator } from '../../engine/emulator/index.ts';
import { createPromptAudio } from '../../engine/server/call-engine.ts';
import { EMULATOR_TEST_DATA_DIR } from '../helpers/emulator-global-setup.ts';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ dataDir: EMULATOR_TEST_DATA_DIR });
});
afterAll(() => emulator.stop());

it('CALLFLOW_TTS=azure speaks a prompt through the Speech stand-in the emulator prints', async () => {
  const config = parseConfig({
    ...emulator.env,
    CALLFLOW_TTS: 'azure',
    CALLFLOW_TTS_CACHE_DIR: mkdtempSync(join(tmpdir(), 'tts-')),
    CALLFLOW_STORE: 'memory:',
  });
  const audio = createPromptAudio(config);
  expect((await audio.voices()).length).toBe(11);
  await audio.audioOf({ key: 'welcome', locale: 'es-ES', text: 'Hola </speak>' });
  expect(emulator.speech.requests.at(-1)).toMatchObject({ status: 200, voices: ['es-ES-ElviraNeural'], text: 'Hola </speak>' });
  expect(() => parseConfig({ CALLFLOW_TTS: 'azure' })).toThrow(/AZURE_SPEECH_REGION: missing/);
});
