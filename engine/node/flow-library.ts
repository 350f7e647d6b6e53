/**
 * The flows folder as a deployment: every valid flow compiled and kept by version, so calls stay
 * pinned to the version they started on while new calls take the latest. Invalid files are kept
 * out with their problems, never half-deployed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CompiledFlow } from '../core/compile.ts';
import { hasErrors } from '../core/validate.ts';
import type { LoadedFlow, Problem } from '../core/types.ts';
import { checkFile, flowIdOf, loadedFrom, FLOW_SUFFIX } from './flow-files.ts';
import { compile } from '../blocks/language.ts';

export interface FlowEntry {
  id: string;
  file: string;
  problems: Problem[];
  /** Latest deployable version, absent while the file has errors. */
  latest?: CompiledFlow;
}

export class FlowLibrary {
  private entries = new Map<string, FlowEntry>();
  private versions = new Map<string, CompiledFlow>();

  constructor(readonly dir: string) {}

  /** (Re)reads every flow file; a file with errors keeps its previous good version deployed. */
  load(): this {
    const files = readdirSync(this.dir)
      .filter((name) => name.endsWith(FLOW_SUFFIX))
      .sort();
    const ids = files.map(flowIdOf);
    const checked = new Map(files.map((name) => [flowIdOf(name), checkFile(join(this.dir, name), ids)]));
    // A renamed or deleted file leaves the listing; versions stay for the calls pinned to them.
    for (const id of this.entries.keys()) if (!checked.has(id)) this.entries.delete(id);
    const good = (id: string): LoadedFlow | undefined => {
      const result = checked.get(id);
      return result?.flow && !hasErrors(result.problems) ? loadedFrom(result, join(this.dir, `${id}${FLOW_SUFFIX}`)) : undefined;
    };
    for (const [id, result] of checked) {
      const entry: FlowEntry = { id, file: join(this.dir, `${id}${FLOW_SUFFIX}`), problems: result.problems, latest: this.entries.get(id)?.latest };
      const loaded = good(id);
      if (loaded) {
        try {
          entry.latest = compile(loaded, good);
          this.versions.set(`${id}@${entry.latest.version}`, entry.latest);
        } catch (error) {
          entry.problems = [
            ...entry.problems,
            { file: entry.file, pointer: '', line: 1, column: 1, severity: 'error', code: 'compile', message: (error as Error).message },
          ];
        }
      }
      this.entries.set(id, entry);
    }
    return this;
  }

  list(): FlowEntry[] {
    return [...this.entries.values()];
  }

  get(id: string): FlowEntry | undefined {
    return this.entries.get(id);
  }

  /** The exact version a call is pinned to (for the stepper's lookup). */
  version(flowId: string, version: string): CompiledFlow | undefined {
    return this.versions.get(`${flowId}@${version}`);
  }
}
