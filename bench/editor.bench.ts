/**
 * Editor time to interactive (issue 7, part 4): a generated 300-state flow opened in headless
 * Chromium (playwright-core, /usr/bin/chromium) from the real engine, measured as
 * test/e2e/large-flow.test.ts measures it — from navigation until every state has a position
 * (elkjs laid it out in its worker) and a node is on the canvas — through the same harness
 * (test/e2e/harness.ts). Baseline: the same editor, browser and engine opening a 10-state flow,
 * interleaved with the 300-state opens. The editor is built first when its build is stale, as the
 * end-to-end tests do; that build is not timed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFlow } from '../engine/blocks/language.ts';
import { buildEditor, editorBuildState } from '../engine/node/editor-build.ts';
import { launchChromium, openEditor, startEngine } from '../test/e2e/harness.ts';
import { generateFlow } from './flowgen.ts';
import { summarize, type Section } from './harness.ts';
import { formatMs, type BenchOptions } from './options.ts';

const SMALL = 10;
const LARGE = 300;

async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function editorBench(options: BenchOptions): Promise<Section[]> {
  const { log } = options;
  const notes: string[] = [];
  const state = editorBuildState();
  if (state !== 'fresh') {
    log(`editor build is ${state}: building it first (not timed)…`);
    const started = performance.now();
    await buildEditor();
    notes.push(`the editor build was ${state} and was rebuilt first (${((performance.now() - started) / 1000).toFixed(0)} s, not counted)`);
  }
  const engine = await startEngine();
  const browser = await launchChromium().catch(async (error: unknown) => {
    await engine.close();
    throw error;
  });
  try {
    for (const size of [SMALL, LARGE]) writeFileSync(join(engine.dir, `bench-${size}.flow.json`), formatFlow(generateFlow(size)));
    const open = async (size: number): Promise<number> => {
      const started = performance.now();
      const editor = await openEditor(browser, `${engine.base}/?flow=bench-${size}`);
      try {
        const positioned = () =>
          editor.page.evaluate(
            () => Object.keys((window as unknown as { callflowEditor?: { layout: { positions: object } } }).callflowEditor?.layout.positions ?? {}).length,
          );
        await until(async () => (await positioned()) === size, `${size} states laid out`, 120_000);
        await editor.page.locator('.react-flow__node').first().waitFor();
        const elapsed = performance.now() - started;
        if (editor.errors.length) throw new Error(`the editor reported errors: ${editor.errors.join('; ')}`);
        return elapsed;
      } finally {
        await editor.page.context().close();
      }
    };
    log('editor: warm-up open (browser cache, engine)…');
    await open(SMALL);
    const rounds = options.quick ? 1 : 2;
    const samples: Record<number, number[]> = { [SMALL]: [], [LARGE]: [] };
    for (let round = 0; round < rounds; round++) {
      log(`editor: round ${round + 1}/${rounds}, ${SMALL} then ${LARGE} states…`);
      for (const size of [SMALL, LARGE]) samples[size].push(await open(size));
    }
    const small = summarize(samples[SMALL]);
    const large = summarize(samples[LARGE]);
    const spread = (values: number[]) => `${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))}`;
    return [
      {
        title: `(4) editor time to interactive — headless Chromium, a new page per open, ${rounds} interleaved rounds`,
        columns: ['median', 'max'],
        baseline: `time ÷ the same editor opening a ${SMALL}-state generated flow in the same rounds`,
        notes: [
          'interactive = from navigation until every state has a position (elkjs in its worker, no saved layout) and a node is on the canvas, as test/e2e/large-flow.test.ts measures it',
          `range: ${SMALL} states ${spread(samples[SMALL])}, ${LARGE} states ${spread(samples[LARGE])}`,
          ...notes,
        ],
        rows: [
          {
            label: `${SMALL}-state flow  [baseline]`,
            n: small.n,
            cells: [
              { text: formatMs(small.median), ratio: 1 },
              { text: formatMs(Math.max(...samples[SMALL])), ratio: 1 },
            ],
          },
          {
            label: `${LARGE}-state flow`,
            n: large.n,
            cells: [
              { text: formatMs(large.median), ratio: large.median / small.median },
              { text: formatMs(Math.max(...samples[LARGE])), ratio: Math.max(...samples[LARGE]) / Math.max(...samples[SMALL]) },
            ],
          },
        ],
      },
    ];
  } finally {
    await browser.close();
    await engine.close();
  }
}
