/**
 * Property: whatever sequence of edits the document goes through — a port retargeted or cut, a
 * state renamed, deleted or added, undo, redo, another flow opened — the edges the canvas draws
 * (read from the DOM by geometry) are the edges `flowGraph` computes from the text. The sequences
 * are random from a printed seed; CALLFLOW_TEST_SEED replays one. The edits are made with the
 * editor's own edit functions and pushed into the page's document store, as the canvas and forms
 * push theirs; a mirror store in the test predicts the text after each undo and redo.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFlow } from '../../engine/blocks/language.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import { DocumentStore } from '../../editor/src/document/document-store.ts';
import { analyze } from '../../editor/src/document/analysis.ts';
import { addState, connect, deleteStates, portsOfState, renameState, uniqueStateId, type FlowValue } from '../../editor/src/document/flow-value.ts';
import { useEditor, type EditorPage } from './harness.ts';
import { until } from './editor-actions.ts';
import { expectedEdges, installDrawnEdges } from './drawn-edges.ts';
import { draftOf } from './drafts.ts';

const SEQUENCES = 200;
const FLOWS = ['main-menu', 'business-hours', 'voicemail'];
/** Block types whose fresh state the canvas can draw with ports to connect. */
const NEW_BLOCKS = ['play', 'answer', 'transfer', 'hangup', 'set', 'wait', 'http'];

let editor: EditorPage;
let base: string;

/** Saved positions for the flows the sequences open (in their drafts, where the editor reads them), so opening one does not wait for the layouter. */
async function draftLayouts(): Promise<void> {
  for (const id of FLOWS) {
    const states = Object.keys((JSON.parse(flowText(id)) as FlowValue).states ?? {});
    const positions = Object.fromEntries(states.map((state, index) => [state, { x: (index % 4) * 330, y: Math.floor(index / 4) * 260 }]));
    const { version } = await draftOf(base, id);
    const saved = await fetch(`${base}/api/flows/${id}/draft`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
      body: JSON.stringify({ text: flowText(id), layout: JSON.stringify({ positions }) }),
    });
    if (!saved.ok) throw new Error(`the layout of ${id} was not saved: ${saved.status} ${await saved.text()}`);
  }
}

useEditor(
  {
    path: '/?flow=main-menu',
    // A smaller window, the Problems tab and the panels hidden: less to lay out and paint on every
    // edit (the canvas is what is checked), so 200 sequences run in well under a minute.
    viewport: { width: 1100, height: 760 },
    ready: async (opened) => {
      await draftLayouts();
      await opened.page.reload();
      await until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas');
      await opened.page.getByRole('tab', { name: 'Problems' }).click();
      await opened.page.getByRole('button', { name: 'Hide panels' }).click();
      await installDrawnEdges(opened.page);
    },
  },
  (opened) => {
    editor = opened.editor;
    base = opened.engine.base;
  },
);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = { kind: 'text'; text: string; what: string } | { kind: 'undo' | 'redo'; what: string } | { kind: 'open'; id: string; what: string };
type Planned = Step & { expected: string[]; text: string };

const flowText = (id: string) => readFileSync(join(FLOWS_DIR, `${id}.flow.json`), 'utf8');

/** One random edit of the mirror's document, made with the editor's edit functions. */
function randomStep(next: () => number, mirror: DocumentStore): Step {
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const flow = JSON.parse(mirror.text) as FlowValue;
  const ids = Object.keys(flow.states ?? {});
  const roll = next();
  const edit = (change: FlowValue, what: string): Step => ({ kind: 'text', text: formatFlow(change), what });
  if (roll < 0.05) return { kind: 'open', id: pick(FLOWS), what: 'open another flow' };
  if (roll < 0.16) return { kind: 'undo', what: 'undo' };
  if (roll < 0.22) return { kind: 'redo', what: 'redo' };
  if (roll < 0.32 || !ids.length) {
    const type = pick(NEW_BLOCKS);
    const id = uniqueStateId(flow, type);
    return edit(addState(flow, id, { type }), `add ${id}`);
  }
  if (roll < 0.45) {
    const from = pick(ids);
    const to = uniqueStateId(flow, pick(['renamed', 'desk', from.slice(0, 4) || 'x']));
    return edit(renameState(flow, from, to), `rename ${from} to ${to}`);
  }
  if (roll < 0.53 && ids.length > 2) {
    const id = pick(ids);
    return edit(deleteStates(flow, [id]), `delete ${id}`);
  }
  const withPorts = ids.filter((id) => portsOfState(flow.states![id]).length);
  if (!withPorts.length) return edit(addState(flow, uniqueStateId(flow, 'play'), { type: 'play' }), 'add a play');
  const state = pick(withPorts);
  const port = pick(portsOfState(flow.states![state])).name;
  const target = next() < 0.12 ? undefined : pick(ids);
  return edit(connect(flow, state, port, target), `${state}.${port} → ${target ?? '(cut)'}`);
}

/** The text each flow was left at: the editor saves it to the flow's draft before opening another, and opens the draft again. */
const leftAt = new Map<string, string>();
let openId = 'main-menu';

/** Applies a step to the mirror, which then holds the text the page must show. */
function applyToMirror(mirror: DocumentStore, step: Step): void {
  if (step.kind === 'text') mirror.replace(step.text, 'canvas');
  else if (step.kind === 'undo') mirror.undo();
  else if (step.kind === 'redo') mirror.redo();
  else if (step.kind === 'open') {
    leftAt.set(openId, mirror.text);
    mirror.reset(leftAt.get(step.id) ?? flowText(step.id));
    openId = step.id;
  }
}

/** Runs the steps in the page; after each, waits (frame by frame, a bounded time) for the canvas to draw the expected edges. */
const runInPage = (page: EditorPage['page'], steps: Planned[], settleMs: number) =>
  page.evaluate(
    async ({ steps, settleMs }) => {
      const { store, files } = (
        window as unknown as {
          callflowEditor: {
            store: { text: string; replace(text: string, origin: string): boolean; undo(): boolean; redo(): boolean };
            files: { open(id: string): Promise<void>; save(): Promise<boolean> };
          };
        }
      ).callflowEditor;
      const read = () => (window as unknown as { drawnEdges: () => string[] }).drawnEdges();
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const results: Array<{ text: string; drawn: string[]; ms: number; nodes: string[] }> = [];
      for (const step of steps) {
        const began = performance.now();
        if (step.kind === 'text') store.replace(step.text, 'canvas');
        else if (step.kind === 'undo') store.undo();
        else if (step.kind === 'redo') store.redo();
        // As the flow picker does: the edits go to the draft first, then the other flow's draft opens.
        else if (step.kind === 'open') {
          await files.save();
          await files.open(step.id);
        }
        const wanted = step.expected.join('\n');
        let drawn = read();
        for (let waited = performance.now(); drawn.join('\n') !== wanted && performance.now() - waited < 3000; drawn = read()) await frame();
        if (settleMs) {
          await new Promise((resolve) => setTimeout(resolve, settleMs));
          drawn = read();
        }
        results.push({
          text: store.text,
          drawn,
          ms: performance.now() - began,
          nodes: Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node')).map(
            (node) => `${node.dataset.id}${getComputedStyle(node).visibility === 'hidden' ? '(hidden)' : ''}`,
          ),
        });
        if (drawn.join('\n') !== wanted || store.text !== step.text) break;
      }
      return results;
    },
    { steps, settleMs },
  );

describe('the drawn edges equal the edges of the text', () => {
  it(`after each edit of ${SEQUENCES} random edit sequences`, { timeout: 240_000 }, async () => {
    const seed = Number(process.env.CALLFLOW_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`canvas edge property: seed ${seed} (CALLFLOW_TEST_SEED=${seed} replays it)`);
    const next = random(seed);
    const mirror = new DocumentStore('');
    mirror.reset(flowText('main-menu'));
    const started = Date.now();
    let steps = 0;
    const timing: Record<string, [number, number]> = {};
    for (let sequence = 0; sequence < SEQUENCES; sequence++) {
      const planned: Planned[] = [];
      const length = 1 + Math.floor(next() * 3);
      for (let i = 0; i < length; i++) {
        // An edit that leaves text the canvas cannot draw (a schedule without a required port) is not tried.
        let step = randomStep(next, mirror);
        while (step.kind === 'text' && !analyze(step.text, 'flow.flow.json').drawable) step = randomStep(next, mirror);
        applyToMirror(mirror, step);
        expect(analyze(mirror.text, 'flow.flow.json').drawable, `the step "${step.what}" keeps the flow drawable`).toBeDefined();
        planned.push({ ...step, text: mirror.text, expected: expectedEdges(mirror.text) });
      }
      // Every twentieth sequence also waits past the layouter's debounce, so a late relayout cannot undo a correct drawing.
      const results = await runInPage(editor.page, planned, sequence % 20 === 19 ? 250 : 0);
      steps += results.length;
      for (const [index, result] of results.entries())
        timing[planned[index].kind] = [(timing[planned[index].kind]?.[0] ?? 0) + result.ms, (timing[planned[index].kind]?.[1] ?? 0) + 1];
      if (process.env.CALLFLOW_TEST_PROGRESS && sequence % 20 === 19)
        console.log(
          `${sequence + 1} sequences, ${steps} edits, ${((Date.now() - started) / 1000).toFixed(1)} s`,
          JSON.stringify(Object.fromEntries(Object.entries(timing).map(([kind, [ms, n]]) => [kind, Math.round(ms / n)]))),
        );
      for (const [index, result] of results.entries()) {
        const context = `seed ${seed}, sequence ${sequence}, step ${index + 1} (${planned.map((step) => step.what).join('; ')})`;
        expect(result.text, `the page's text after ${context}`).toBe(planned[index].text);
        expect(result.drawn, `the drawn edges after ${context}; boxes drawn: ${result.nodes.join(' ')}`).toEqual(planned[index].expected);
      }
    }
    console.log(`canvas edge property: ${SEQUENCES} sequences, ${steps} edits checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(editor.errors).toEqual([]);
  });
});
