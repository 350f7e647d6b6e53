/**
 * The code view: the same document in monaco. What is typed goes into the document store (one
 * undo step per typing burst); edits from the canvas, forms or undo arrive as minimal edits, so
 * the cursor and scroll position stay put. Ctrl+Z / Ctrl+Y use the shared history. Problems from
 * our checks are markers at the place they are about. The canvas's keys never act here (`nokey`),
 * and Esc then Tab leaves the editor (tab-leaves-editor.ts), as the line above it says.
 */
import { useEffect, useRef } from 'react';
import { formatFlow } from '../../../engine/blocks/language.ts';
import { letTabLeave } from './tab-leaves-editor.ts';
import { monaco, FLOW_MODEL_URI } from './monaco-setup.ts';
import { problemRanges } from './problem-ranges.ts';
import type { DocumentStore } from '../document/document-store.ts';
import type { Analysis } from '../document/analysis.ts';

const SEVERITY = { error: 8, warning: 4, info: 2 } as const;

/** Replaces only the part of the model that differs from `text`. */
function applyMinimalEdit(model: monaco.editor.ITextModel, text: string): void {
  const current = model.getValue();
  if (current === text) return;
  let start = 0;
  while (start < current.length && start < text.length && current[start] === text[start]) start++;
  let end = 0;
  while (end < current.length - start && end < text.length - start && current[current.length - 1 - end] === text[text.length - 1 - end]) end++;
  const range = monaco.Range.fromPositions(model.getPositionAt(start), model.getPositionAt(current.length - end));
  model.pushEditOperations([], [{ range, text: text.slice(start, text.length - end) }], () => null);
}

interface CodeViewProps {
  store: DocumentStore;
  analysis: Analysis;
  /** Put the cursor here (a problem was clicked); `seq` repeats a request. */
  reveal?: { line: number; column: number; seq: number };
}

export default function CodeView({ store, analysis, reveal }: CodeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const modelRef = useRef<monaco.editor.ITextModel>(undefined);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor>(undefined);

  useEffect(() => {
    const uri = monaco.Uri.parse(FLOW_MODEL_URI);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(store.text, 'json', uri);
    applyMinimalEdit(model, store.text);
    modelRef.current = model;
    const editor = (editorRef.current = monaco.editor.create(host.current!, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      ariaLabel: 'Flow JSON',
      renderValidationDecorations: 'on',
    }));
    let applying = false;
    const fromStore = store.subscribe((change) => {
      if (change.origin === 'code') return;
      applying = true;
      applyMinimalEdit(model, change.text);
      applying = false;
    });
    const typed = model.onDidChangeContent(() => {
      if (!applying) store.replace(model.getValue(), 'code', 'typing');
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ, () => store.undo());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, () => store.redo());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY, () => store.redo());
    const releaseTab = letTabLeave(host.current!);
    (window as unknown as { callflowCode?: unknown }).callflowCode = {
      markers: () => monaco.editor.getModelMarkers({ resource: uri }),
      editor,
      monaco,
    };
    return () => {
      releaseTab();
      fromStore();
      typed.dispose();
      editor.dispose();
    };
  }, [store]);

  useEffect(() => {
    const model = modelRef.current;
    if (!model || model.getValue() !== analysis.text) return;
    const markers = problemRanges(analysis.text, analysis.problems).map(({ start, end, problem }) => {
      const from = model.getPositionAt(start);
      const to = model.getPositionAt(end);
      return {
        startLineNumber: from.lineNumber,
        startColumn: from.column,
        endLineNumber: to.lineNumber,
        endColumn: to.column,
        message: problem.message,
        severity: SEVERITY[problem.severity],
        source: problem.code,
      };
    });
    monaco.editor.setModelMarkers(model, 'callflow', markers);
  }, [analysis]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    editor.setPosition({ lineNumber: reveal.line, column: reveal.column });
    editor.revealPositionInCenter({ lineNumber: reveal.line, column: reveal.column });
    editor.focus();
  }, [reveal]);

  const tidy = () => {
    try {
      store.replace(formatFlow(JSON.parse(store.text)), 'form');
    } catch {
      editorRef.current?.focus();
    }
  };
  return (
    <div className="code-pane">
      <p className="code-view-hint">Tab indents. To leave the code with the keyboard: Esc, then Tab (or Shift+Tab).</p>
      <div className="code-view nokey" ref={host} />
      <div className="code-actions">
        <button type="button" className="secondary" onClick={tidy} disabled={!analysis.value} title="Canonical layout, as Save writes it">
          Tidy up
        </button>
      </div>
    </div>
  );
}
