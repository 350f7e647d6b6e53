/**
 * Sizes of a state box on the canvas, computed rather than measured so that elkjs can lay out a
 * flow before anything is drawn, and so the ports it routes edges from sit exactly where the node
 * component draws them. Flows read top to bottom, as Twilio Studio and Amazon Connect draw them:
 * edges enter a box at its top and leave from its ports, a row of labelled tabs along its bottom
 * ("1", "2", "no input", …), so each line is labelled where it starts and labels never pile up at
 * a target. The CSS in canvas.css uses the same numbers.
 */

export const NODE_WIDTH = 216;
export const HEADER_HEIGHT = 50;
export const SUMMARY_LINE = 18;
export const SUMMARY_PADDING = 8;
/** The row of port tabs: each tab is PORT_HEIGHT tall, a hit area of at least 20 px at a readable zoom. */
export const PORT_HEIGHT = 26;
export const PORT_BAR = PORT_HEIGHT + 12;
const PORT_GAP = 6;
const PORT_SIDE_PADDING = 10;
/** The smallest text in a box, in CSS pixels (canvas.css); the first view never zooms below 11 px on screen for it. */
export const SMALLEST_BOX_TEXT = 12;
/** Width of a 12 px character, generous so that labels fit the tabs computed for them. */
const CHAR_WIDTH = 7.4;
/** Where laid-out edges enter a state: one point each along its top, this far apart. */
export const INPUT_SPACING = 22;
/** Above this many incoming edges (a hub such as a main menu) they share one entry point instead. */
export const MAX_SEPARATE_INPUTS = 6;
/** The id of the handle that adds a key to a map of targets (a menu's choices) when dragged to a state. */
export const ADD_KEY_HANDLE = '+key';
export const ADD_KEY_LABEL = '+ key';

export interface PortTab {
  /** Port name, or ADD_KEY_HANDLE. */
  id: string;
  label: string;
  /** Centre of the tab from the box's left edge. */
  x: number;
  width: number;
}

export interface NodeGeometry {
  width: number;
  height: number;
  tabs: PortTab[];
  /** Vertical centre of the tab row from the box's top. */
  tabsY: number;
}

/** How a port is labelled on its tab: the analyst's words for the common port names. */
export function portLabel(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const tabWidth = (label: string) => Math.max(30, Math.ceil(label.length * CHAR_WIDTH + 16));

export function summaryHeight(lines: number): number {
  return lines ? lines * SUMMARY_LINE + SUMMARY_PADDING : 0;
}

/** A box's size and port tabs, from its summary lines, port names and whether it can take a new key. */
export function nodeGeometry(summaryLines: number, ports: string[], addKey = false): NodeGeometry {
  const labels = [...ports.map((name) => ({ id: name, label: portLabel(name) })), ...(addKey ? [{ id: ADD_KEY_HANDLE, label: ADD_KEY_LABEL }] : [])];
  const widths = labels.map(({ label }) => tabWidth(label));
  const needed = widths.reduce((sum, width) => sum + width, 0) + PORT_GAP * Math.max(0, labels.length - 1) + 2 * PORT_SIDE_PADDING;
  const width = Math.max(NODE_WIDTH, needed);
  let left = (width - needed) / 2 + PORT_SIDE_PADDING;
  const tabs = labels.map(({ id, label }, index) => {
    const tab = { id, label, x: left + widths[index] / 2, width: widths[index] };
    left += widths[index] + PORT_GAP;
    return tab;
  });
  const body = HEADER_HEIGHT + summaryHeight(summaryLines);
  return { width, height: body + (labels.length ? PORT_BAR : 6), tabs, tabsY: body + PORT_BAR / 2 };
}

/** How many entry points a state with `count` incoming edges gets. */
export function entryPoints(count: number): number {
  return count <= MAX_SEPARATE_INPUTS ? Math.max(1, count) : 1;
}

/** Horizontal position of the n-th of `count` entry points along the top of a box `width` wide. */
export function inputX(width: number, index: number, count: number): number {
  return width / 2 + (index - (count - 1) / 2) * INPUT_SPACING;
}
