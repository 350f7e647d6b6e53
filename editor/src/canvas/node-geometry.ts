/**
 * Sizes of a state box on the canvas, computed rather than measured so that elkjs can lay out a
 * flow before anything is drawn, and so the handles it routes edges to sit exactly where the
 * node component draws them. The CSS in state-node.css uses the same numbers.
 */

export const NODE_WIDTH = 216;
export const HEADER_HEIGHT = 50;
export const SUMMARY_LINE = 18;
export const SUMMARY_PADDING = 8;
export const PORT_ROW = 24;
export const BOTTOM_PADDING = 6;
/** The input handle sits beside the title. */
export const INPUT_Y = HEADER_HEIGHT / 2;
/**
 * Where laid-out edges enter a state: one point each, down the left side from the input handle,
 * far enough apart that their labels do not touch. A state many ports lead to grows to fit them.
 */
export const INPUT_SPACING = 22;
/** Above this many incoming edges (a hub such as a main menu) they share one entry point instead. */
export const MAX_SEPARATE_INPUTS = 6;

/** How many entry points a state with `count` incoming edges gets. */
export function entryPoints(count: number): number {
  return count <= MAX_SEPARATE_INPUTS ? Math.max(1, count) : 1;
}

export function inputY(index: number): number {
  return INPUT_Y + index * INPUT_SPACING;
}

export function summaryHeight(lines: number): number {
  return lines ? lines * SUMMARY_LINE + SUMMARY_PADDING : 0;
}

export function nodeHeight(summaryLines: number, ports: number, inputs = 1): number {
  return Math.max(HEADER_HEIGHT + summaryHeight(summaryLines) + ports * PORT_ROW + BOTTOM_PADDING, inputY(entryPoints(inputs) - 1) + INPUT_SPACING / 2 + 4);
}

/** Vertical centre of the n-th port row, from the top of the node. */
export function portY(summaryLines: number, index: number): number {
  return HEADER_HEIGHT + summaryHeight(summaryLines) + index * PORT_ROW + PORT_ROW / 2;
}
