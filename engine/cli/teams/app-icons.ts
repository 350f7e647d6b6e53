/**
 * The two icons a Teams app package must hold, drawn here so that `callflow manifest --out` needs
 * no artwork, and the checks Microsoft's rules ask of any icon, ours or one given on the command line.
 *
 * The rules (Microsoft Learn, "Teams app package", App icons; msteams-docs
 * concepts/build-and-test/apps-package.md):
 * - color: 192×192 PNG; a 96×96 symbol on a solid or fully transparent square background with 48
 *   pixels of padding (Teams crops it); square corners, Teams rounds them itself.
 * - outline: 32×32 PNG, white (RGB 255, 255, 255) on a fully transparent background (alpha 0), no
 *   other colours, no padding around the symbol.
 */
import { PNG } from 'pngjs';

export const COLOR_ICON = { file: 'color.png', size: 192, symbol: 96, padding: 48 } as const;
export const OUTLINE_ICON = { file: 'outline.png', size: 32 } as const;

/**
 * The symbol on a 32×32 grid: a flow's first state with two ports leading to two next states.
 * Rectangles as [x, y, width, height]; together they touch all four edges (no padding).
 */
const GLYPH: ReadonlyArray<readonly [number, number, number, number]> = [
  [10, 0, 12, 10], // the first state
  [15, 10, 2, 4], // its port
  [5, 14, 22, 2], // the branch
  [5, 16, 2, 6], // left port
  [25, 16, 2, 6], // right port
  [0, 22, 12, 10], // left next state
  [20, 22, 12, 10], // right next state
];
const GRID = 32;

function inGlyph(x: number, y: number): boolean {
  return GLYPH.some(([left, top, width, height]) => x >= left && x < left + width && y >= top && y < top + height);
}

/** The outline icon: the symbol in opaque white, everything else fully transparent. */
export function outlineIcon(): Buffer {
  const png = new PNG({ width: OUTLINE_ICON.size, height: OUTLINE_ICON.size });
  png.data.fill(0);
  for (let y = 0; y < OUTLINE_ICON.size; y++) {
    for (let x = 0; x < OUTLINE_ICON.size; x++) if (inGlyph(x, y)) png.data.fill(255, (y * OUTLINE_ICON.size + x) * 4, (y * OUTLINE_ICON.size + x) * 4 + 4);
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** The color icon: the symbol, scaled to 96×96, in white on a solid square of `accentColor` (#rrggbb). */
export function colorIcon(accentColor: string): Buffer {
  const background = [1, 3, 5].map((at) => Number.parseInt(accentColor.slice(at, at + 2), 16));
  const { size, symbol, padding } = COLOR_ICON;
  const scale = symbol / GRID;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inSymbol =
        x >= padding &&
        x < padding + symbol &&
        y >= padding &&
        y < padding + symbol &&
        inGlyph(Math.floor((x - padding) / scale), Math.floor((y - padding) / scale));
      png.data.set(inSymbol ? [255, 255, 255, 255] : [...background, 255], (y * size + x) * 4);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** Why `bytes` is not a usable icon of that kind; empty when it is. */
export function iconProblems(kind: 'color' | 'outline', bytes: Buffer): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    return [`not a PNG file (${(error as Error).message})`];
  }
  const size = kind === 'color' ? COLOR_ICON.size : OUTLINE_ICON.size;
  if (png.width !== size || png.height !== size) return [`is ${png.width}×${png.height} pixels; the ${kind} icon must be ${size}×${size}`];
  return kind === 'outline' ? outlineProblems(png) : [];
}

function outlineProblems(png: PNG): string[] {
  let coloured = 0;
  let [left, top, right, bottom] = [png.width, png.height, -1, -1];
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const [r, g, b, a] = png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4);
      if (a === 0) continue;
      if (r !== 255 || g !== 255 || b !== 255) coloured++;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  }
  const problems: string[] = [];
  if (coloured > 0) problems.push(`has ${coloured} pixels that are neither white (255, 255, 255) nor fully transparent`);
  if (right < 0) problems.push('is fully transparent: the outline icon needs a white symbol');
  else if (right - left + 1 < png.width && bottom - top + 1 < png.height) problems.push('has padding around its symbol: the symbol must reach the edges');
  return problems;
}
