/**
 * The editor: palette, canvas and a side panel (inspector, code, simulator, problems) over one
 * flow document. The document store holds the text and its history, the layout store the canvas
 * positions, and FlowFiles the file on disk; everything else is derived from those three.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { Problem } from '../../../engine/core/types.ts';
import { DocumentStore } from '../document/document-store.ts';
import { addState, uniqueStateId } from '../document/flow-value.ts';
import { LayoutStore } from '../canvas/layout-store.ts';
import { FlowCanvas } from '../canvas/FlowCanvas.tsx';
import { Palette } from '../canvas/Palette.tsx';
import { NODE_WIDTH } from '../canvas/node-geometry.ts';
import { FlowFiles } from '../files/flow-files.ts';
import { engineApi, type FlowListEntry } from '../files/engine-api.ts';
import { Inspector } from '../inspector/Inspector.tsx';
import { SimulatorPanel } from '../sim/SimulatorPanel.tsx';
import { useEditorDocument } from './use-editor-document.ts';
import { useHistoryKeys } from './use-history-keys.ts';
import { TopBar } from './TopBar.tsx';
import { SidePanel, type Tab } from './SidePanel.tsx';
import { ProblemList } from './ProblemList.tsx';
import { Dialogs } from './Dialogs.tsx';
import { StartScreen } from './StartScreen.tsx';
import { NoFlowPanel } from './NoFlowPanel.tsx';

const CodeView = lazy(() => import('../code/CodeView.tsx'));

function Editor() {
  const store = useMemo(() => new DocumentStore(''), []);
  const layout = useMemo(() => new LayoutStore(), []);
  const files = useMemo(() => new FlowFiles(store, layout), [store, layout]);
  const file = useSyncExternalStore(files.subscribe, () => files.state);
  useSyncExternalStore(layout.subscribe, () => layout.revision);
  const [flows, setFlows] = useState<FlowListEntry[]>([]);
  const [promptFiles, setPromptFiles] = useState<string[]>([]);
  const knownFlows = useMemo(() => flows.map((flow) => flow.id), [flows]);
  const doc = useEditorDocument(store, `${file.id ?? 'flow'}.flow.json`, file.opened, knownFlows);
  const [selected, setSelected] = useState<string[]>([]);
  const [reveal, setReveal] = useState<{ id: string; seq: number }>();
  const [codeReveal, setCodeReveal] = useState<{ line: number; column: number; seq: number }>();
  const [tab, setTab] = useState<Tab>('inspector');
  const [active, setActive] = useState<string>();
  const [dialog, setDialog] = useState<'new' | 'rename'>();
  const [focused, setFocused] = useState(false);
  const [fitRequest, setFitRequest] = useState(0);
  useEffect(() => {
    if (file.loaded) setFitRequest((count) => count + 1);
  }, [file.loaded]);
  const flowApi = useReactFlow();

  const refreshFlows = useCallback(
    () =>
      void engineApi
        .listFlows()
        .then(setFlows)
        .catch(() => undefined),
    [],
  );
  useEffect(() => {
    refreshFlows();
    engineApi
      .promptFiles()
      .then(setPromptFiles)
      .catch(() => undefined);
    const wanted = new URLSearchParams(location.search).get('flow');
    if (wanted) void files.open(wanted);
    (window as unknown as { callflowEditor: unknown }).callflowEditor = { store, layout, files };
  }, [files, store, layout, refreshFlows]);
  useEffect(() => {
    if (file.message?.kind === 'info') refreshFlows();
  }, [file.message, refreshFlows]);
  useEffect(() => setSelected([]), [file.opened]);
  useHistoryKeys(store, () => files.dirty);

  const onSelect = useCallback((ids: string[]) => setSelected((current) => (current.join('\n') === ids.join('\n') ? current : ids)), []);
  const revealProblem = useCallback(
    (problem: Problem) => {
      const state = /^\/states\/([^/]+)/.exec(problem.pointer)?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
      if (state && doc.value?.states?.[state] && doc.inSync) {
        setReveal({ id: state, seq: Date.now() });
        setTab('inspector');
      } else {
        setCodeReveal({ line: problem.line, column: problem.column, seq: Date.now() });
        setTab('code');
      }
    },
    [doc.value, doc.inSync],
  );

  const addBlock = useCallback(
    (type: string) => {
      if (!doc.value || !doc.inSync) return;
      const bounds = document.querySelector('.canvas')?.getBoundingClientRect();
      const centre = bounds ? flowApi.screenToFlowPosition({ x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 }) : { x: 0, y: 0 };
      const id = uniqueStateId(doc.value, type);
      layout.move({ [id]: { x: centre.x - NODE_WIDTH / 2, y: centre.y - 40 } });
      doc.edit((flow) => addState(flow, id, { type }));
      onSelect([id]);
    },
    [doc, flowApi, layout, onSelect],
  );

  // States deleted or renamed by an edit (or undo) leave the selection.
  const liveSelection = useMemo(() => selected.filter((id) => doc.value?.states?.[id]), [selected, doc.value]);
  const dirty = files.dirty;
  const problems = doc.analysis.problems;
  return (
    <div className="app">
      <TopBar
        flows={flows}
        currentId={file.id}
        dirty={dirty}
        busy={file.busy}
        canUndo={store.canUndo}
        canRedo={store.canRedo}
        errors={doc.analysis.errors}
        warnings={doc.analysis.warnings}
        inSync={doc.inSync}
        message={file.message}
        onOpen={(id) => (!dirty || confirm('Discard the unsaved changes of this flow?')) && void files.open(id)}
        onNew={() => (!dirty || confirm('Discard the unsaved changes of this flow?')) && setDialog('new')}
        onRename={() => setDialog('rename')}
        onSave={() => void files.save()}
        onUndo={() => store.undo()}
        onRedo={() => store.redo()}
      />
      <main className={focused ? 'workspace is-focused' : 'workspace'}>
        <Palette disabled={!file.id || !doc.inSync} onAdd={addBlock} />
        <section className="canvas-area" aria-label="Canvas">
          {file.id ? (
            <FlowCanvas
              flow={doc.lastDrawable}
              problems={doc.inSync ? problems : []}
              editable={doc.inSync}
              layout={layout}
              edit={doc.edit}
              selected={liveSelection}
              onSelect={onSelect}
              reveal={reveal}
              active={active}
              fitRequest={fitRequest}
              focused={focused}
              onToggleFocus={() => {
                setFocused(!focused);
                setFitRequest((count) => count + 1);
              }}
            />
          ) : (
            <StartScreen flows={flows} onOpen={(id) => void files.open(id)} onNew={() => setDialog('new')} />
          )}
          {file.id && !doc.lastDrawable && (
            <p className="canvas-blocked" role="status">
              This text cannot be drawn: fix the problems in the Code tab.
            </p>
          )}
        </section>
        {file.id ? (
          <SidePanel tab={tab} onTab={setTab} problemCount={doc.analysis.errors + doc.analysis.warnings}>
            {{
              inspector: (
                <Inspector
                  flow={doc.value}
                  selected={liveSelection[0]}
                  problems={problems}
                  promptFiles={promptFiles}
                  edit={doc.edit}
                  layout={layout}
                  onSelect={onSelect}
                />
              ),
              code: (
                <Suspense fallback={<p className="notice">Loading the code editor…</p>}>
                  <CodeView store={store} analysis={doc.analysis} reveal={codeReveal} />
                </Suspense>
              ),
              simulate: (
                <SimulatorPanel
                  flow={doc.analysis.clean ? doc.analysis.flow : undefined}
                  errors={doc.analysis.errors}
                  saved={file.onDisk}
                  onActive={setActive}
                />
              ),
              problems: <ProblemList problems={problems} onReveal={revealProblem} />,
            }}
          </SidePanel>
        ) : (
          <NoFlowPanel />
        )}
      </main>
      <Dialogs dialog={dialog} setDialog={setDialog} files={files} file={file} flows={knownFlows} text={doc.text} onReveal={revealProblem} />
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
