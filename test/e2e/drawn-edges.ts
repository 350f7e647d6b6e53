/**
 * The connections the canvas really draws, read from the DOM by geometry: each edge's path is
 * followed to its two ends, the start is matched to the nearest port handle and the end to the
 * nearest state box. Nothing is read from the editor's own model, so a line that the model says
 * goes to one state but is drawn to another is caught. Compared with the edges computed from the
 * flow text by `flowGraph` (the function lint, the compiler and `callflow graph` use).
 */
import type { Page } from 'playwright-core';
import { flowGraph } from '../../engine/blocks/language.ts';
import type { FlowDocument } from '../../engine/core/types.ts';

/** `from|port|to` for every connected port whose target is a state of the flow, sorted. */
export function expectedEdges(text: string): string[] {
  const flow = JSON.parse(text) as FlowDocument;
  const states = new Set(Object.keys(flow.states ?? {}));
  return flowGraph({ ...flow, states: flow.states ?? {} })
    .edges.filter((edge) => edge.to !== undefined && states.has(edge.to))
    .map((edge) => `${edge.from}|${edge.port}|${edge.to}`)
    .sort();
}

/** Defines `window.drawnEdges()` in the page: `from|port|to` for every drawn edge, sorted; `?` where an end touches nothing. */
export async function installDrawnEdges(page: Page): Promise<void> {
  await page.evaluate(() => {
    /** Screen pixels an end may be from the box or handle it belongs to (the arrow head, the entry point). */
    const TOLERANCE = 12;
    type Box = { rect: DOMRect };
    const distance = (point: DOMPoint, rect: DOMRect) =>
      Math.hypot(Math.max(rect.left - point.x, 0, point.x - rect.right), Math.max(rect.top - point.y, 0, point.y - rect.bottom));
    function nearest<T extends Box>(point: DOMPoint, items: T[]): T | undefined {
      let best: T | undefined;
      let bestDistance = TOLERANCE;
      for (const item of items) {
        const d = distance(point, item.rect);
        if (d <= bestDistance) [best, bestDistance] = [item, d];
      }
      return best;
    }
    (window as unknown as { drawnEdges: () => string[] }).drawnEdges = () => {
      const nodes = Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node'))
        .filter((element) => getComputedStyle(element).visibility !== 'hidden')
        .map((element) => ({ id: element.dataset.id!, rect: element.getBoundingClientRect() }));
      const handles = Array.from(document.querySelectorAll<HTMLElement>('.react-flow__handle.source')).map((element) => ({
        node: element.dataset.nodeid!,
        port: element.dataset.handleid!,
        rect: element.getBoundingClientRect(),
      }));
      const drawn: string[] = [];
      for (const path of Array.from(document.querySelectorAll<SVGPathElement>('.react-flow__edge path.react-flow__edge-path'))) {
        const length = path.getTotalLength();
        const matrix = path.getScreenCTM();
        if (!length || !matrix) continue;
        const at = (offset: number) => {
          const point = path.getPointAtLength(offset);
          return new DOMPoint(point.x, point.y).matrixTransform(matrix);
        };
        const source = nearest(at(0), handles);
        const target = nearest(at(length), nodes);
        drawn.push(`${source?.node ?? '?'}|${source?.port ?? '?'}|${target?.id ?? '?'}`);
      }
      return drawn.sort();
    };
  });
}

export const drawnEdges = (page: Page) => page.evaluate(() => (window as unknown as { drawnEdges: () => string[] }).drawnEdges());
