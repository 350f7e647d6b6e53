/** Builds the editor before the end-to-end tests when the build is missing or older than its sources. */
import { buildEditor, editorBuildState } from '../../engine/node/editor-build.ts';

export default async function setup(): Promise<void> {
  const state = editorBuildState();
  if (state !== 'fresh') {
    console.log(`editor build is ${state}: building it for the end-to-end tests`);
    await buildEditor();
  }
}
