/**
 * A generated 300-state flow opens, is laid out by elkjs in its worker and can be dragged without
 * freezing the page. The timings are written to test/artifacts/large-flow.json (the README quotes
 * them); the limits here are generous so a busy CI machine does not fail the test, while a frozen
 * page (a layout on the main thread, a re-render of every node per mouse move) still does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { formatFlow } from '../../engine/blocks/language.ts';
import { generateFlow } from '../../bench/flowgen.ts';
import { ARTIFACTS, foreignRequests, launchChromium, openEditor, startEngine, type Engine } from './harness.ts';
import { until } from './editor-actions.ts';
import { draftOf } from './drafts.ts';
import type { EditorWindow } from './page-globals.ts';
import { viewSettled } from './canvas-view.ts';

const STATES = 300;
let engine: Engine;
let browser: Browser;

beforeAll(async () => {
  engine = await startEngine();
  // A new flow's first draft, as the editor saves one (If-Match: new); the editor opens it from there.
  const saved = await fetch(`${engine.base}/api/flows/bench-${STATES}/draft`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'if-match': '"new"' },
    body: JSON.stringify({ text: formatFlow(generateFlow(STATES)) }),
  });
  if (!saved.ok) throw new Error(`the draft of bench-${STATES} was not saved: ${saved.status} ${await saved.text()}`);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await engine?.close();
});

describe(`a ${STATES}-state flow`, () => {
  it('opens, lays out and can be dragged without freezing, and opens at once with its saved layout', async () => {
    const open = async () => {
      const started = Date.now();
      const editor = await openEditor(browser, `${engine.base}/?flow=bench-${STATES}`);
      const positioned = () =>
        editor.page.evaluate(() => Object.keys((window as unknown as EditorWindow).callflowEditor?.layout.positions ?? {}).length as number);
      await until(async () => (await positioned()) === STATES, 'every state to be laid out', 60_000);
      await editor.page.locator('.react-flow__node').first().waitFor();
      return { ...editor, interactiveMs: Date.now() - started };
    };
    const { page, requests, errors, interactiveMs } = await open();
    await page.evaluate(() => {
      (window as unknown as EditorWindow).longTasks = [];
      new PerformanceObserver((list) => (window as unknown as EditorWindow).longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({
        type: 'longtask',
      });
    });
    // A box whose title is in view (the view opens on the start of the flow at a readable zoom), dragged towards the middle of the canvas.
    await viewSettled(page);
    const { id, dx, dy } = await page.evaluate(() => {
      const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
      const inside = Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node')).find((element) => {
        const box = element.querySelector('.state-id')!.getBoundingClientRect();
        return box.top >= pane.top && box.left >= pane.left && box.bottom <= pane.bottom && box.right <= pane.right;
      })!;
      const box = inside.getBoundingClientRect();
      return {
        id: inside.dataset.id!,
        dx: box.left + box.width / 2 < pane.left + pane.width / 2 ? 160 : -160,
        dy: box.top + box.height / 2 < pane.top + pane.height / 2 ? 120 : -120,
      };
    });
    const node = page.locator(`.react-flow__node[data-id="${id}"]`);
    const positionOf = () => page.evaluate((state) => JSON.stringify((window as unknown as EditorWindow).callflowEditor.layout.positions[state]), id);
    const before = await positionOf();
    const box = (await node.locator('.state-id').boundingBox())!;
    const dragStarted = Date.now();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 20 });
    await page.mouse.up();
    await until(async () => (await positionOf()) !== before, 'the dragged position to be kept');
    const dragMs = Date.now() - dragStarted;
    const longestTaskMs = Math.round(Math.max(0, ...(await page.evaluate(() => (window as unknown as EditorWindow).longTasks as number[]))));

    await page.getByRole('button', { name: /^Save/ }).click();
    // The layout goes to the draft with the flow; opening again reads it from there.
    await until(async () => (await draftOf(engine.base, `bench-${STATES}`)).layout !== null, 'the layout to be saved');
    const reopened = await open();

    const result = {
      states: STATES,
      interactiveMs,
      interactiveWithSavedLayoutMs: reopened.interactiveMs,
      dragMs,
      dragSteps: 20,
      longestTaskDuringDragMs: longestTaskMs,
    };
    writeFileSync(join(ARTIFACTS, 'large-flow.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `${STATES} states: interactive after ${interactiveMs} ms (${reopened.interactiveMs} ms with its saved layout); a 20-step drag took ${dragMs} ms, longest task ${longestTaskMs} ms`,
    );
    expect(interactiveMs).toBeLessThan(60_000);
    expect(reopened.interactiveMs).toBeLessThan(30_000);
    expect(dragMs).toBeLessThan(15_000);
    expect(longestTaskMs).toBeLessThan(2_000);
    expect(foreignRequests([...requests, ...reopened.requests])).toEqual([]);
    expect([...errors, ...reopened.errors]).toEqual([]);
  });
});
