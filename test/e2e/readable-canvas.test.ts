/**
 * Readable at first open, on a 1440×900 screen: the example flows open at a zoom where every text
 * in a box is at least 11 px on screen (a flow larger than the view is panned, never shrunk below
 * that), no two port labels overlap and none lies on another box, ports are targets of at least
 * 20 px, Auto layout fits the view again, and the overview map sits beside the flow — never over
 * it — and moves the view when clicked. Screenshots go to test/artifacts/readable-<id>.png and the
 * measures to test/artifacts/readable.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, foreignRequests, launchChromium, openEditor, startEngine, type Engine } from './harness.ts';
import { nodeOf, until, clickEmptyCanvas } from './editor-actions.ts';
import { boxText, overlap, rectsOf, viewSettled, viewportTransform } from './canvas-view.ts';

const SCREEN = { width: 1440, height: 900 };
/** Box text must be at least this large on screen. */
const READABLE_PX = 11;
let engine: Engine;
let browser: Browser;
const measures: Record<string, unknown> = {};

beforeAll(async () => {
  engine = await startEngine();
  browser = await launchChromium();
});

afterAll(async () => {
  writeFileSync(join(ARTIFACTS, 'readable.json'), `${JSON.stringify(measures, null, 2)}\n`);
  await browser?.close();
  await engine?.close();
});

async function openFlow(id: string, states: number) {
  const opened = await openEditor(browser, `${engine.base}/?flow=${id}`, SCREEN);
  await until(async () => (await opened.page.locator('.react-flow__node').count()) === states, `${states} states of ${id}`);
  await viewSettled(opened.page);
  return opened;
}

describe('the canvas at first open', () => {
  it.each([
    ['main-menu', 10],
    ['business-hours', 12],
  ])('shows %s with box text of at least 11 px, ports of at least 20 px and no overlapping labels', async (id, states) => {
    const { page, requests, errors } = await openFlow(id, states);
    await page.screenshot({ path: join(ARTIFACTS, `readable-${id}.png`) });
    const text = await boxText(page);
    measures[id] = text;
    expect(text.smallest, `the smallest box text (${text.where}) at zoom ${text.zoom.toFixed(2)}`).toBeGreaterThanOrEqual(READABLE_PX);

    const handles = await rectsOf(page, '.react-flow__handle');
    for (const handle of handles) expect(Math.min(handle.width, handle.height), `the hit area of ${handle.name}`).toBeGreaterThanOrEqual(20);

    const labels = [...(await rectsOf(page, '.edge-label')), ...(await rectsOf(page, '.react-flow__handle.source'))];
    const boxes = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node')).map((node) => {
        const { x, y, width, height } = node.getBoundingClientRect();
        return { id: node.dataset.id!, x, y, width, height };
      }),
    );
    const collisions: string[] = [];
    for (const [i, a] of labels.entries()) for (const b of labels.slice(i + 1)) if (overlap(a, b) > 0) collisions.push(`${a.name} / ${b.name}`);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) if (overlap(a, b) > 0) collisions.push(`box ${a.id} / box ${b.id}`);
    expect(collisions).toEqual([]);
    expect(foreignRequests(requests)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits the view again after Auto layout, and shows the overview beside the flow, moving the view when clicked', async () => {
    const { page, errors } = await openFlow('main-menu', 10);
    const pane = (await rectsOf(page, '.react-flow__renderer'))[0];
    const overview = (await rectsOf(page, '.react-flow__minimap'))[0];
    expect(overview, 'an overview map').toBeDefined();
    expect(overlap(pane, overview), 'the overview covers no part of the canvas').toBe(0);

    const before = await viewportTransform(page);
    await page.locator('.react-flow__minimap svg').click({ position: { x: overview.width - 12, y: overview.height - 12 } });
    await viewSettled(page);
    expect(await viewportTransform(page), 'a click on the overview moves the view').not.toBe(before);

    await clickEmptyCanvas(page);
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await viewSettled(page);
    const text = await boxText(page);
    expect(text.smallest, 'Auto layout fits at a readable zoom').toBeGreaterThanOrEqual(READABLE_PX);
    const start = (await nodeOf(page, 'answer').boundingBox())!;
    expect(overlap(pane, start), 'the start of the flow is in view after Auto layout').toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
