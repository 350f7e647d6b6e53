/**
 * One emulator + test bot + real msal-node/graph-client for a test file.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { FIXED_VARIATIONS, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../engine/emulator/index.ts';
import { startTestBot, type TestBot, type TestBotOptions } from './emulator-bot.ts';
import { EMULATOR_TEST_DATA_DIR } from './emulator-global-setup.ts';
import { graphFor, msalFor } from './emulator-graph.ts';

/** What a test file works with. */
export interface EmulatorFixture {
  emulator: RunningEmulator;
  bot: TestBot;
  graph: Client;
  stop(): Promise<void>;
}

/**
 * Starts an emulator (default speed 50) whose apps' webhook is a fresh test bot. Its behaviours are
 * fixed (FIXED_VARIATIONS) unless a test asks for others: these tests check exact wire sequences.
 */
export async function startFixture(options: EmulatorOptions & { bot?: Partial<TestBotOptions> } = {}): Promise<EmulatorFixture> {
  // The bot needs the emulator's OpenID URL and the app needs the bot's webhook: start the
  // emulator first, then point its apps at the bot.
  const emulator = await startEmulator({
    speed: 50,
    dataDir: EMULATOR_TEST_DATA_DIR,
    apps: [{ displayName: 'Test BOT' }],
    ...options,
    variations: { ...FIXED_VARIATIONS, ...options.variations },
  });
  const bot = await startTestBot({ openIdUrl: emulator.openIdUrl, appId: emulator.appId, ...options.bot });
  for (const app of emulator.apps) app.callbackUri = bot.callbackUri;
  const msal = msalFor(emulator);
  // Fetch the authority metadata and a token now, so the first Graph call of a test is not slowed
  // down by it (at speed 50 the 15 s answer window lasts 300 ms).
  await msal.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
  const graph = graphFor(emulator, { msal });
  return {
    emulator,
    bot,
    graph,
    stop: async () => {
      await emulator.stop();
      await bot.stop();
    },
  };
}
