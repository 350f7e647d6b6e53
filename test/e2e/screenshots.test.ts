/**
 * How the example flows look: each is opened on the canvas and photographed
 * (test/artifacts/canvas-<id>.png), every edge must follow elkjs' route with no two edges sharing
 * a stretch of line, and a simulated call is photographed in progress with its path (simulation.png, 1440×900).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { expandFlowPaths, flowIdOf } from '../../engine/node/flow-files.ts';
import { FLOWS_DIR } from '../../engine/node/paths.ts';
import { ARTIFACTS, foreignRequests, launchChromium, openEditor, startEngine, type Engine } from './harness.ts';
import { nodeOf, until } from './editor-actions.ts';
import { viewSettled } from './canvas-view.ts';
import type { EditorWindow } from './page-globals.ts';

type Point = { x: number; y: number };
/** A common desktop screen: what the photographs are judged at. */
const SCREEN = { width: 1920, height: 1080 };
let engine: Engine;
let browser: Browser;

beforeAll(async () => {
  engine = await startEngine();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await engine?.close();
});

/** Pairs of edges that run along the same line for more than a few pixels. */
function sharedStretches(routes: Record<string, Point[]>): string[] {
  const segments = Object.entries(routes).flatMap(([edge, points]) => points.slice(1).map((end, index) => ({ edge, start: points[index], end })));
  const found: string[] = [];
  for (const [i, a] of segments.entries()) {
    for (const b of segments.slice(i + 1)) {
      if (a.edge === b.edge) continue;
      const horizontal = a.start.y === a.end.y && b.start.y === b.end.y && Math.abs(a.start.y - b.start.y) < 2;
      const vertical = a.start.x === a.end.x && b.start.x === b.end.x && Math.abs(a.start.x - b.start.x) < 2;
      const [axis] = horizontal ? ['x'] : vertical ? ['y'] : [];
      if (!axis) continue;
      const range = (s: typeof a) => [Math.min(s.start[axis as 'x'], s.end[axis as 'x']), Math.max(s.start[axis as 'x'], s.end[axis as 'x'])];
      const [a1, a2] = range(a);
      const [b1, b2] = range(b);
      if (Math.min(a2, b2) - Math.max(a1, b1) > 3) found.push(`${a.edge} / ${b.edge}`);
    }
  }
  return found;
}

describe('the example flows on the canvas', () => {
  it.each(expandFlowPaths([FLOWS_DIR]).map(flowIdOf))('%s is laid out with no shared edge lines and photographed', async (id) => {
    const { page, requests, errors } = await openEditor(browser, `${engine.base}/?flow=${id}`, SCREEN);
    const states = Object.keys((await (await fetch(`${engine.base}/api/flows/${id}`)).json()).flow.states).length;
    await until(async () => (await page.locator('.react-flow__node').count()) === states, `${states} states on the canvas`);
    await page.getByRole('button', { name: 'Hide panels' }).click();
    await until(() => page.evaluate(() => Boolean((window as unknown as EditorWindow).callflowEditor.layout.elk)), 'the edge routes');
    const routes = await page.evaluate(() => {
      const { layout } = (window as unknown as EditorWindow).callflowEditor;
      return Object.fromEntries(Object.entries(layout.elk!.routes).map(([edge, route]) => [edge, route.points]));
    });
    expect(await page.locator('.react-flow__edge').count()).toBe(Object.keys(routes).length);
    expect(sharedStretches(routes)).toEqual([]);
    await viewSettled(page);
    await page.screenshot({ path: join(ARTIFACTS, `canvas-${id}.png`) });
    expect(foreignRequests(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('photographs a simulated call in progress, with the path it took', async () => {
    const { page } = await openEditor(browser, `${engine.base}/?flow=main-menu`, { width: 1440, height: 900 });
    await until(async () => (await page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas');
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByLabel('Clock').selectOption('manual');
    await page.getByLabel('Caller name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Start call' }).click();
    const status = page.locator('.sim-state');
    await until(async () => {
      if (/In state mainMenu/.test((await status.textContent()) ?? '')) return true;
      await page.getByRole('button', { name: 'Skip to next event' }).click();
      return false;
    }, 'the menu');
    await page.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '2', exact: true }).click();
    await until(async () => (await nodeOf(page, 'support').locator('.is-active').count()) === 1, 'support highlighted on the canvas');
    await until(async () => (await page.locator('.react-flow__edge.is-visited').count()) === 3, 'the path to support highlighted');
    await page.screenshot({ path: join(ARTIFACTS, 'simulation.png') });
    await page.context().close();
  });
});
