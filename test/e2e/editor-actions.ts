/**
 * What a user does in the editor, as steps for the end-to-end tests: drag a block from the
 * palette, name a state, connect a port by dragging, fill the inspector. Everything goes through
 * the page as a person would; nothing writes the document directly.
 */
import { expect } from 'vitest';
import type { Dialog, Locator, Page } from 'playwright-core';

export const inspector = (page: Page) => page.locator('#panel-inspector');
export const nodeOf = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Waits until `check` holds, polling: no fixed sleeps, generous time for a busy machine. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The document text, read from the page's store (what Save would send). */
export const documentText = (page: Page) =>
  page.evaluate(() => (window as unknown as { callflowEditor: { store: { text: string } } }).callflowEditor.store.text);
export const documentValue = async (page: Page) =>
  JSON.parse(await documentText(page)) as { states: Record<string, Record<string, unknown>>; [key: string]: unknown };

/** Clicks the canvas where there is no box (clears the selection, so the inspector shows the flow). */
export async function clickEmptyCanvas(page: Page): Promise<void> {
  const point = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    const boxes = Array.from(document.querySelectorAll('.react-flow__node, .react-flow__edge')).map((element) => element.getBoundingClientRect());
    for (let y = pane.bottom - 12; y > pane.top + 12; y -= 24)
      for (let x = pane.left + 12; x < pane.right - 12; x += 24)
        if (!boxes.some((box) => x >= box.left - 8 && x <= box.right + 8 && y >= box.top - 8 && y <= box.bottom + 8))
          return { x: x - pane.left, y: y - pane.top };
    return { x: 4, y: 4 };
  });
  await page.locator('.react-flow__pane').click({ position: point });
}

/** Opens a flow with the flow picker, agreeing to leave unsaved changes. */
export async function openFromPicker(page: Page, id: string): Promise<void> {
  const accept = (dialog: Dialog) => void dialog.accept().catch(() => undefined);
  page.on('dialog', accept);
  try {
    await page.getByLabel('Open flow').selectOption(id);
    await until(async () => {
      try {
        return (await documentValue(page)).id === id;
      } catch {
        return false;
      }
    }, `${id} to open`);
  } finally {
    page.off('dialog', accept);
  }
}

/** The status bar's words for the document: saved or not (and why), and its problems. */
export const documentStatus = (page: Page) => page.getByRole('status', { name: 'Document status' }).innerText();

/** Drags a block from the palette onto the canvas at a point of the pane. */
export async function dropBlock(page: Page, title: string, at: { x: number; y: number }): Promise<void> {
  const pane = page.locator('.react-flow__pane');
  const before = await page.locator('.react-flow__node').count();
  await page.getByRole('button', { name: `Add ${title} block`, exact: true }).dragTo(pane, { targetPosition: at });
  await until(async () => (await page.locator('.react-flow__node').count()) === before + 1, `a ${title} state on the canvas`);
}

/** Renames the state the inspector shows. */
export async function renameState(page: Page, to: string): Promise<void> {
  const name = inspector(page).getByLabel('State name', { exact: true });
  await name.fill(to);
  await name.press('Enter');
  await expect.poll(() => nodeOf(page, to).count()).toBe(1);
  await expect.poll(() => name.inputValue()).toBe(to);
}

/** Selects a state by finding it with the canvas search (which also brings it into view). */
export async function selectState(page: Page, id: string): Promise<void> {
  const search = page.getByLabel('Find a state');
  await search.fill(id);
  await search.press('Enter');
  await expect.poll(() => inspector(page).getByLabel('State name', { exact: true }).inputValue()).toBe(id);
  await search.fill('');
}

/** Waits until the canvas's zoom animation has ended (the transform is the same a few times running). */
async function zoomSettled(page: Page): Promise<void> {
  const transform = () => page.evaluate(() => document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '');
  let last = '';
  let same = 0;
  await until(async () => {
    const now = await transform();
    same = now === last ? same + 1 : 0;
    last = now;
    return same >= 3;
  }, 'the zoom to settle');
}

/** React Flow pans the view while a connection is dragged this close to the canvas's edge. */
const AUTO_PAN_EDGE = 60;

/** Whether an element lies inside the visible part of the canvas, clear of the edges where a drag pans the view. */
async function inView(page: Page, element: Locator): Promise<boolean> {
  const box = await element.boundingBox();
  const pane = await page.locator('.react-flow__pane').boundingBox();
  const margin = AUTO_PAN_EDGE;
  return Boolean(
    box &&
    pane &&
    box.x >= pane.x + margin &&
    box.y >= pane.y + margin &&
    box.x + box.width <= pane.x + pane.width - margin &&
    box.y + box.height <= pane.y + pane.height - margin,
  );
}

/** Connects a port to a state by dragging from the port's handle to the state's input handle. */
export async function connect(page: Page, from: string, port: string, to: string): Promise<void> {
  const source = page.locator(`.react-flow__handle.source[data-nodeid="${from}"][data-handleid="${port}"]`);
  const target = page.locator(`.react-flow__handle.target[data-nodeid="${to}"]`);
  // As a person would: zoom out until both ends are in view (and not where the drag would pan the view).
  for (let zoomOuts = 0; zoomOuts < 8 && !((await inView(page, source)) && (await inView(page, target))); zoomOuts++) {
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await zoomSettled(page);
  }
  const start = (await source.boundingBox())!;
  const end = (await target.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  // On a busy machine React Flow may not have seen the last move yet: let it mark the target first.
  await until(
    () => target.evaluate((handle) => handle.classList.contains('connectingto') || handle.classList.contains('valid')),
    `the drag to reach ${to}`,
    5_000,
  ).catch(() => undefined);
  await page.mouse.up();
  await expect.poll(async () => (await documentText(page)).includes(`"${port}": "${to}"`), { timeout: 10_000 }).toBe(true);
}

/** Adds an entry to a list of prompts in the inspector ("Prompts", "No input prompts"…). */
export async function addPromptTo(page: Page, list: string, key: string): Promise<void> {
  await inspector(page).getByLabel(`Add to ${list}`, { exact: true }).selectOption(key);
}

/** Declares a prompt in the flow settings. */
export async function declarePrompt(page: Page, key: string, file: string, words: string): Promise<void> {
  const form = inspector(page).getByRole('group', { name: 'New prompt' });
  await form.getByLabel('Prompt key').fill(key);
  await form.getByLabel('Recording').selectOption(file);
  await form.getByLabel('Words').fill(words);
  await form.getByRole('button', { name: 'Add prompt' }).click();
  await expect.poll(() => inspector(page).getByRole('group', { name: key, exact: true }).count()).toBe(1);
}

export async function fill(scope: Locator | Page, label: string, value: string): Promise<void> {
  const field = scope.getByLabel(label, { exact: true });
  await field.fill(value);
  await field.blur();
}
