/**
 * Driving the code view (monaco) in the end-to-end tests: put the cursor somewhere by searching the
 * text, then type with the real keyboard; read back markers.
 */
import type { Page } from 'playwright-core';
import { until } from './editor-actions.ts';
import type { EditorWindow } from './page-globals.ts';

interface Marker {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
  severity: number;
}

export async function openCodeView(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Code' }).click();
  await until(() => page.evaluate(() => Boolean((window as unknown as { callflowCode?: unknown }).callflowCode)), 'the code editor to load', 30_000);
  await page.locator('.code-view .monaco-editor').waitFor();
}

/** Places the cursor after the first occurrence of `text` (or selects it) and focuses the editor. */
export async function placeCursor(page: Page, text: string, mode: 'after' | 'select' = 'after'): Promise<number> {
  return page.evaluate(
    ([needle, how]) => {
      const { editor } = (window as unknown as EditorWindow).callflowCode;
      const model = editor.getModel()!;
      const offset = model.getValue().indexOf(needle);
      if (offset < 0) throw new Error(`'${needle}' is not in the code view`);
      const start = model.getPositionAt(offset);
      const end = model.getPositionAt(offset + needle.length);
      editor.focus();
      if (how === 'select')
        editor.setSelection({ startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column });
      else editor.setPosition(end);
      return start.lineNumber as number;
    },
    [text, mode] as const,
  );
}

export const markers = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { callflowCode: { markers(): Marker[] } }).callflowCode
      .markers()
      .map(({ startLineNumber, startColumn, endLineNumber, endColumn, message, severity }) => ({
        startLineNumber,
        startColumn,
        endLineNumber,
        endColumn,
        message,
        severity,
      })),
  );

export const codeText = (page: Page) => page.evaluate(() => (window as unknown as EditorWindow).callflowCode.editor.getModel()!.getValue());

/** Moves the mouse over the first occurrence of `text` in the code view (for hovers). */
export async function hoverOver(page: Page, text: string): Promise<void> {
  const point = await page.evaluate((needle) => {
    const { editor } = (window as unknown as EditorWindow).callflowCode;
    const model = editor.getModel()!;
    const position = model.getPositionAt(model.getValue().indexOf(needle) + 2);
    editor.revealPositionInCenter(position);
    const visible = editor.getScrolledVisiblePosition(position)!;
    const box = editor.getDomNode()!.getBoundingClientRect();
    return { x: box.left + visible.left + 4, y: box.top + visible.top + visible.height / 2 };
  }, text);
  await page.mouse.move(point.x, point.y - 30);
  await page.mouse.move(point.x, point.y, { steps: 4 });
}
