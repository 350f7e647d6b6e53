import { resolve } from 'node:path';
import { FlowLibrary } from '../../node/flow-library.ts';
import { createApp } from '../../server/app.ts';
import { formatProblem } from '../report.ts';
import { buildEditor, editorBuildState } from '../../node/editor-build.ts';

/** Starts the engine's HTTP server on PORT (default 3978). */
export async function serveCommand(): Promise<number> {
  const dir = resolve(process.env.CALLFLOW_FLOWS_DIR ?? 'flows');
  const library = new FlowLibrary(dir).load();
  for (const entry of library.list()) {
    const errors = entry.problems.filter((p) => p.severity === 'error');
    if (errors.length) errors.forEach((p) => console.error(formatProblem(p)));
    console.log(`${entry.latest ? 'deployed' : 'NOT deployed'}  ${entry.id}${entry.latest ? `  version ${entry.latest.version}` : `  (${errors.length} error(s))`}`);
  }
  const port = Number(process.env.PORT ?? 3978);
  const host = process.env.HOST ?? '127.0.0.1';
  if (editorBuildState() === 'missing') {
    console.log('building the editor (first start)…');
    await buildEditor().catch((error: Error) => console.warn(`the editor could not be built (${error.message}); run npm run build`));
  }
  const app = createApp(library);
  await new Promise<void>((done, fail) => {
    const server = app.listen(port, host, () => done());
    server.on('error', fail);
  });
  console.log(`callflow listening on http://${host}:${port}  (flows from ${dir})`);
  console.log(`  editor: http://${host}:${port}/`);
  console.log(`  GET /healthz  /api/flows  /api/flows/<id>  /api/flows/<id>/diagram  /schemas/flow.schema.json  /prompts/…`);
  return 0;
}
