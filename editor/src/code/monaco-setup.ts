/**
 * Monaco, offline: only the editor API, the JSON language and the features the code view uses,
 * with its workers bundled by vite (`?worker`), so nothing is fetched from a CDN. The flow schema
 * is registered in memory for completion and hover; diagnostics come from our own checks instead
 * of monaco's schema validation, so the code view shows exactly what `callflow lint` reports.
 */
import * as monaco from 'monaco-editor/editor';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/suggest/register';
// In 0.57 the suggest feature entry only brings inline completions; the suggest widget itself and
// the snippet controller that inserts the completed property are separate modules.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/wordHighlighter/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import { FLOW_SCHEMA } from '../inspector/schema-kinds.ts';

/** Where flow models live; the `$schema` path in a flow ("../schemas/flow.schema.json") resolves next to it. */
export const FLOW_MODEL_URI = 'inmemory://callflow/flows/flow.flow.json';
const SCHEMA_URI = 'inmemory://callflow/schemas/flow.schema.json';

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

jsonDefaults.setDiagnosticsOptions({
  validate: false,
  allowComments: false,
  enableSchemaRequest: false,
  schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.flow.json'], schema: FLOW_SCHEMA as never }],
});
jsonDefaults.setModeConfiguration({ ...jsonDefaults.modeConfiguration, diagnostics: false });

export { monaco };
