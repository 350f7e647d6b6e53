/**
 * What the editor page exposes on `window` for tests (editor/src/app/App.tsx, code/CodeView.tsx),
 * typed for `page.evaluate` callbacks. Type-only: the callbacks run in the page, where nothing is imported.
 */
import type { editor } from 'monaco-editor';

interface Point {
  x: number;
  y: number;
}

export interface EditorWindow {
  callflowEditor: {
    layout: {
      positions: Record<string, Point>;
      elk?: { routes: Record<string, { points: Point[] }> };
    };
  };
  callflowCode: { editor: editor.IStandaloneCodeEditor };
  /** Long tasks collected by a PerformanceObserver the test installs. */
  longTasks: number[];
}
