/**
 * End-to-end harness: the real engine (createApp over a deployment of the folder) on a temporary copy of the
 * flows folder, Debian's Chromium driven by playwright-core, and a record of every URL the page
 * requests so a test can prove the editor works offline.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { deployFolder } from '../support/deploy-folder.ts';
import { createApp } from '../../engine/server/app.ts';
import type { AccessPolicy } from '../../engine/server/access/identity.ts';
import { FLOWS_DIR, ROOT } from '../../engine/node/paths.ts';
import { PromptAudio } from '../../engine/node/prompt-audio.ts';
import { createSynthesizer } from '../../engine/tts/select.ts';
import { AudioCache } from '../../engine/tts/audio-cache.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // A microphone that plays a test tone, allowed without asking (recording a prompt).
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export interface Engine {
  base: string;
  dir: string;
  close(): Promise<void>;
}

/**
 * The engine over a copy of flows/, leaving out the given flow ids (with their tests and layouts);
 * `access` replaces the default rule (no token, requests from this machine trusted).
 */
export async function startEngine(options: { without?: string[]; access?: AccessPolicy; speech?: boolean } = {}): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'callflow-e2e-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'callflow-e2e-tts-'));
  for (const name of readdirSync(FLOWS_DIR)) {
    if (options.without?.some((id) => name.startsWith(`${id}.`))) continue;
    cpSync(join(FLOWS_DIR, name), join(dir, name), { recursive: true });
  }
  // With `speech`, prompts given as words are synthesized by espeak-ng as `callflow serve` does.
  const promptAudio = options.speech
    ? new PromptAudio({ flowsDir: dir, synthesizer: createSynthesizer('espeak'), cache: new AudioCache(cacheDir), timeoutMs: 10_000 })
    : undefined;
  const deployed = await deployFolder(dir, { prompts: promptAudio });
  const server = await new Promise<Server>((resolve) => {
    const listening = createApp(deployed, { access: options.access, promptAudio }).listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dir,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
        rmSync(cacheDir, { recursive: true, force: true });
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install it with: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface EditorPage {
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Uncaught errors in the page. */
  errors: string[];
}

export async function openEditor(
  browser: Browser,
  url: string,
  viewport = { width: 1600, height: 960 },
  options: { ignoreHTTPSErrors?: boolean } = {},
): Promise<EditorPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, requests, errors };
}

/** The URLs that left this machine (anything but the local engine, data: and blob:). */
export function foreignRequests(requests: string[]): string[] {
  return requests.filter((url) => !/^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:)/.test(url));
}

/** Keeps a screenshot of the page when a test failed, named after the test, for the CI artifacts. */
export async function screenshotIfFailed(page: Page | undefined, task: { name: string; result?: { state?: string } }): Promise<void> {
  if (task.result?.state !== 'fail' || !page) return;
  await page.screenshot({ path: join(ARTIFACTS, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}.png`) });
}

export interface EditorSession {
  engine: Engine;
  browser: Browser;
  editor: EditorPage;
}

/**
 * The hooks of an editor test file: an engine (without the flows named), Chromium and the editor at
 * `path` (in a window of `viewport`, default 1600×960), opened once for the file and handed over through `opened`; `ready` waits for what the
 * tests start from; a failed test leaves a screenshot; everything is closed at the end.
 */
export function useEditor(
  options: {
    without?: string[];
    speech?: boolean;
    path?: string;
    viewport?: { width: number; height: number };
    ready?: (editor: EditorPage) => Promise<unknown>;
  },
  opened: (session: EditorSession) => void,
): void {
  const session: Partial<EditorSession> = {};
  beforeAll(async () => {
    session.engine = await startEngine({ without: options.without, speech: options.speech });
    session.browser = await launchChromium();
    session.editor = await openEditor(session.browser, `${session.engine.base}${options.path ?? ''}`, options.viewport);
    opened(session as EditorSession);
    await options.ready?.(session.editor);
  });
  afterEach(async (context) => {
    await screenshotIfFailed(session.editor?.page, context.task);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.engine?.close();
  });
}
