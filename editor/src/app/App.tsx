/**
 * The editor: palette and overview, canvas, and a side panel (inspector, code, simulator, tests,
 * problems) over one flow document. The document store holds the text and its history, the layout
 * store the canvas positions, and FlowFiles the flow's draft at the engine (saved by itself a
 * second after an edit); everything shown is derived from those three, plus what runs over the
 * flow (a simulated call, a test run).
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { DocumentStore } from '../document/document-store.ts';
import { LayoutStore } from '../canvas/layout-store.ts';
import { FlowCanvas } from '../canvas/FlowCanvas.tsx';
import { Palette } from '../canvas/Palette.tsx';
import { CanvasOverview } from '../canvas/CanvasOverview.tsx';
import { FlowFiles } from '../files/flow-files.ts';
import { documentStatus } from '../files/document-status.ts';
import { engineApi, type FlowListEntry } from '../files/engine-api.ts';
import type { NameDialogMode } from '../files/NameDialog.tsx';
import { Inspector } from '../inspector/Inspector.tsx';
import { SimulatorPanel, type SimulationProgress } from '../sim/SimulatorPanel.tsx';
import { samePath } from '../sim/call-path.ts';
import { TestsPanel } from '../tests/TestsPanel.tsx';
import { useFlowTests } from '../tests/use-flow-tests.ts';
import type { ResumedCall } from '../tests/run-tests.ts';
import { useEditorDocument } from './use-editor-document.ts';
import { useHistoryKeys } from './use-history-keys.ts';
import { useAddBlock } from './use-add-block.ts';
import { useProblemReveal } from './use-problem-reveal.ts';
import { TopBar } from './TopBar.tsx';
import { SidePanel, type Tab } from './SidePanel.tsx';
import { ProblemList } from './ProblemList.tsx';
import { Dialogs } from './Dialogs.tsx';
import { StartScreen } from './StartScreen.tsx';
import { NoFlowPanel } from './NoFlowPanel.tsx';
import { AccessGate } from '../access/AccessGate.tsx';
import { HistoryPanel } from '../history/HistoryPanel.tsx';
import type { DiffView } from '../history/diff-view.ts';
import { RoutesPage } from '../routes/RoutesPage.tsx';
import { access } from '../access/access-store.ts';
import { useAutosave } from '../lifecycle/use-autosave.ts';
import { leaveFlow } from '../lifecycle/leave-flow.ts';
import { lifecycleStatus } from '../lifecycle/lifecycle-status.ts';

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
  const tests = useFlowTests(file.savedTests);
  const canEdit = useSyncExternalStore(access.subscribe, () => access.can('Flows.Edit'));
  useAutosave({ files, file, text: doc.text, layoutRevision: layout.revision, empty: doc.analysis.empty, canEdit });
  const [publishing, setPublishing] = useState(false);
  const [testFocus, setTestFocus] = useState<{ name: string; step?: number; seq: number }>();
  const [selected, setSelected] = useState<string[]>([]);
  const [tab, setTab] = useState<Tab>('inspector');
  const { reveal, setReveal, codeReveal, revealProblem } = useProblemReveal(doc.value, doc.inSync, setTab);
  const [dialog, setDialog] = useState<NameDialogMode>();
  const [focused, setFocused] = useState(false);
  const [fitRequest, setFitRequest] = useState(0);
  const [progress, setProgress] = useState<SimulationProgress>({});
  const [unreached, setUnreached] = useState<ReadonlySet<string>>();
  const [resume, setResume] = useState<ResumedCall>();
  const [historyDiff, setHistoryDiff] = useState<Pick<DiffView, 'marks' | 'ghosts'>>();
  const [routesOpen, setRoutesOpen] = useState(false);

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
    files.openFromAddress();
    (window as unknown as { callflowEditor: unknown }).callflowEditor = { store, layout, files };
  }, [files, store, layout, refreshFlows]);
  // Another flow: nothing selected, nothing of the last one shown over it, and a fresh view.
  useEffect(() => {
    setSelected([]);
    setUnreached(undefined);
    setProgress({});
    if (file.opened) setFitRequest((count) => count + 1);
  }, [file.opened]);
  useEffect(() => {
    if (file.stored && !file.busy) refreshFlows();
  }, [file.stored, file.busy, file.id, refreshFlows]);
  useHistoryKeys(store, () => files.dirty);
  // A test run's coverage is about the flow it ran on: an edit makes it stale.
  useEffect(() => setUnreached(undefined), [doc.analysis.flow]);

  const onSelect = useCallback((ids: string[]) => setSelected((current) => (current.join('\n') === ids.join('\n') ? current : ids)), []);
  const onProgress = useCallback(
    (next: SimulationProgress) => setProgress((current) => (current.active === next.active && samePath(current.path, next.path) ? current : next)),
    [],
  );
  // The History tab's comparison is shown on the canvas while the tab is.
  const shownDiff = tab === 'history' ? historyDiff : undefined;
  const overlay = useMemo(
    () => ({
      active: progress.active,
      visitedStates: progress.path?.states,
      visitedEdges: progress.path?.edges,
      unreached,
      ...(shownDiff ? { diff: shownDiff.marks, ghosts: shownDiff.ghosts } : {}),
    }),
    [progress, unreached, shownDiff],
  );
  const addBlock = useAddBlock(doc, layout, selected, onSelect);

  // States deleted or renamed by an edit (or undo) leave the selection.
  const liveSelection = useMemo(() => selected.filter((id) => doc.value?.states?.[id]), [selected, doc.value]);
  const problems = doc.analysis.problems;
  const cleanFlow = doc.analysis.clean ? doc.analysis.flow : undefined;
  const liveNumber = file.liveNumber ?? flows.find((entry) => entry.id === file.id)?.number;
  const flowName = typeof doc.value?.name === 'string' ? doc.value.name : undefined;
  return (
    <div className="app">
      <TopBar
        flows={flows}
        currentId={file.id}
        currentName={flowName}
        status={documentStatus(file, doc.text, layout.dirty, doc.analysis.errors)}
        lifecycle={lifecycleStatus(file, liveNumber)}
        stored={file.stored}
        busy={file.busy}
        canUndo={store.canUndo}
        canRedo={store.canRedo}
        errors={doc.analysis.errors}
        warnings={doc.analysis.warnings}
        empty={doc.analysis.empty}
        inSync={doc.inSync}
        error={file.message?.text}
        onOpen={(id) => void leaveFlow(files, canEdit).then((left) => (left ? files.open(id) : undefined))}
        onNew={() => void leaveFlow(files, canEdit).then((left) => left && setDialog('new'))}
        onRename={() => setDialog('rename')}
        onSave={() => void files.save()}
        onPublish={() => setPublishing(true)}
        onDiscard={() => confirm(`Discard the draft of ${flowName ?? file.id}? The flow goes back to the live version.`) && void files.discardDraft()}
        onUndo={() => store.undo()}
        onRedo={() => store.redo()}
        onRoutes={() => setRoutesOpen(true)}
      />
      <main className={focused ? 'workspace is-focused' : 'workspace'}>
        <div className="left-column">
          <Palette disabled={!file.id || !doc.inSync} onAdd={addBlock} />
          {file.id && <CanvasOverview />}
        </div>
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
              overlay={overlay}
              fitRequest={fitRequest}
              openKey={file.opened}
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
                  onChangeId={() => setDialog('change-id')}
                />
              ),
              code: (
                <Suspense fallback={<p className="notice">Loading the code editor…</p>}>
                  <CodeView store={store} analysis={doc.analysis} reveal={codeReveal} />
                </Suspense>
              ),
              simulate: (
                <SimulatorPanel
                  key={file.opened}
                  flow={cleanFlow}
                  errors={doc.analysis.errors}
                  empty={doc.analysis.empty}
                  saved={file.stored}
                  scenarios={tests.scenarios}
                  testsText={file.savedTests}
                  saveTests={files.saveTests.bind(files)}
                  onProgress={onProgress}
                  resume={resume}
                />
              ),
              tests: (
                <TestsPanel
                  key={file.opened}
                  flow={cleanFlow}
                  scenarios={tests.scenarios}
                  error={tests.error}
                  onCoverage={setUnreached}
                  focus={testFocus}
                  onOpenStep={(call) => {
                    setResume(call);
                    setTab('simulate');
                  }}
                />
              ),
              problems: <ProblemList problems={problems} flow={doc.value} onReveal={revealProblem} />,
              history: (
                <HistoryPanel
                  key={file.id}
                  flowId={file.id}
                  flow={doc.value}
                  refreshKey={tab === 'history' ? file.savedText : ''}
                  onDiff={setHistoryDiff}
                  onReveal={(id) => setReveal({ id, seq: Date.now() })}
                  // Show what is live now, unless that would throw away unsaved edits.
                  onPublished={() => !files.dirty && void files.open(file.id!)}
                />
              ),
            }}
          </SidePanel>
        ) : (
          <NoFlowPanel />
        )}
      </main>
      {routesOpen && <RoutesPage flows={knownFlows} onClose={() => setRoutesOpen(false)} />}
      <Dialogs
        dialog={dialog}
        setDialog={setDialog}
        files={files}
        file={file}
        flows={knownFlows}
        text={doc.text}
        flow={doc.value}
        onReveal={revealProblem}
        publishing={publishing}
        scenarios={tests.scenarios}
        onClosePublish={() => setPublishing(false)}
        onPublished={refreshFlows}
        onOpenScenario={(name, step) => {
          setTestFocus({ name, step, seq: Date.now() });
          setTab('tests');
        }}
      />
    </div>
  );
}

export function App() {
  return (
    <AccessGate>
      <ReactFlowProvider>
        <Editor />
      </ReactFlowProvider>
    </AccessGate>
  );
}
