/**
 * The Tests panel: the flow's scenarios (its draft's `<id>.test.json`) listed and run in the browser by the
 * runner `callflow test` uses, each step marked passed or failed, the states no run reached dimmed
 * on the canvas, and a failing step opened in the simulator at the point it failed. Photographed
 * after one run (test/artifacts/tests-panel.png).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ARTIFACTS, foreignRequests, useEditor, type EditorPage, type Engine } from './harness.ts';
import { until } from './editor-actions.ts';
import { draftOf } from './drafts.ts';

let engine: Engine;
let editor: EditorPage;

useEditor(
  {
    path: '/?flow=main-menu',
    viewport: { width: 1440, height: 900 },
    ready: (opened) => until(async () => (await opened.page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas'),
  },
  (opened) => ({ engine, editor } = opened),
);

const WRONG = 'A caller who presses 2 is put through to sales (wrong on purpose)';
const unreached = (page: EditorPage['page']) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.state-node.is-unreached'))
      .map((node) => node.dataset.state!)
      .sort(),
  );

describe('the Tests panel', () => {
  it('lists the scenarios, runs them with a result per step, dims what no run reached, and opens a failing step in the simulator', async () => {
    const { page } = editor;
    // Someone adds a scenario to the draft's tests (as their editor would), and the flow is opened again.
    const draft = await draftOf(engine.base, 'main-menu');
    const tests = JSON.parse(draft.tests!);
    tests.scenarios.push({
      name: WRONG,
      steps: [{ expect: { play: 'mainMenu' } }, { press: '2' }, { expect: { transfer: { phone: '+14255550101' } } }, { expect: { ended: true } }],
    });
    const put = await fetch(`${engine.base}/api/flows/main-menu/draft`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': `"${draft.version}"` },
      body: JSON.stringify({ text: draft.text, tests: JSON.stringify(tests, null, 2) }),
    });
    expect(put.status).toBe(200);
    await page.reload();
    await until(async () => (await page.locator('.react-flow__node').count()) === 10, 'the main menu on the canvas again');

    await page.getByRole('tab', { name: 'Tests' }).click();
    const panel = page.locator('#panel-tests');
    const scenarios = panel.getByRole('listitem').filter({ has: page.locator('.scenario-name') });
    await expect.poll(() => scenarios.count()).toBe(tests.scenarios.length);

    const wrong = scenarios.filter({ hasText: WRONG });
    await wrong.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => wrong.locator('.scenario-result').innerText()).toMatch(/Failed at step 3/);
    const steps = wrong.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    expect(await steps.nth(0).getAttribute('data-result')).toBe('passed');
    expect(await steps.nth(2).getAttribute('data-result')).toBe('failed');
    expect(await steps.nth(3).getAttribute('data-result')).toBe('not run');
    expect(await steps.nth(2).innerText()).toMatch(/expected a transfer/);
    expect(await unreached(page)).toEqual(expect.arrayContaining(['apology', 'operatorUnavailable', 'sales']));
    expect(await unreached(page)).not.toContain('support');
    await page.screenshot({ path: join(ARTIFACTS, 'tests-panel.png') });

    await panel.getByRole('button', { name: 'Run all' }).click();
    await expect.poll(() => panel.locator('.tests-summary').innerText()).toMatch(new RegExp(`${tests.scenarios.length - 1} passed, 1 failed`));
    expect(await unreached(page)).toEqual([]);

    await steps.nth(2).getByRole('button', { name: 'Open in simulator' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Simulate' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('.sim-state').innerText()).toMatch(/support/);
  });

  it('requested nothing from outside this machine and raised no page errors', () => {
    expect(foreignRequests(editor.requests)).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
