/**
 * Measuring the canvas as a reader sees it, for the end-to-end tests: the zoom, the smallest box
 * text on screen, the boxes' and labels' rectangles, and waiting until the view stops moving.
 */
import type { Page } from 'playwright-core';
import { until } from './editor-actions.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The viewport's transform, as React Flow sets it. */
export const viewportTransform = (page: Page) => page.evaluate(() => document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '');

/** Waits until the view has not moved for a few checks in a row (fits and pans are animated or deferred). */
export async function viewSettled(page: Page): Promise<void> {
  let last = '';
  let same = 0;
  await until(async () => {
    const now = await viewportTransform(page);
    same = now === last && now !== '' ? same + 1 : 0;
    last = now;
    return same >= 5;
  }, 'the view to settle');
}

/** The zoom and the smallest font size, in screen pixels, of any text shown inside a state box. */
export const boxText = (page: Page) =>
  page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    let smallest = Infinity;
    let where = '';
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node *'))) {
      const text = Array.from(element.childNodes).some((child) => child.nodeType === Node.TEXT_NODE && child.textContent!.trim());
      if (!text || element.getClientRects().length === 0 || getComputedStyle(element).visibility === 'hidden') continue;
      const size = parseFloat(getComputedStyle(element).fontSize) * zoom;
      if (size < smallest) [smallest, where] = [size, `${element.className}: ${element.textContent}`];
    }
    return { zoom, smallest, where };
  });

export const rectsOf = (page: Page, selector: string) =>
  page.evaluate(
    (css) =>
      Array.from(document.querySelectorAll<HTMLElement>(css))
        .filter((element) => element.getClientRects().length > 0)
        .map((element) => {
          const { x, y, width, height } = element.getBoundingClientRect();
          return { x, y, width, height, name: element.getAttribute('aria-label') ?? element.textContent ?? '' };
        }),
    selector,
  );

/** How far two rectangles overlap (0 when they are apart) — negative `gap` demands that much room between them. */
export function overlap(a: Rect, b: Rect, gap = 0): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) + gap;
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) + gap;
  return width > 0 && height > 0 ? width * height : 0;
}
