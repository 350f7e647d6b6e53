/**
 * Flows on disk (Node only): `<dir>/<id>.flow.json` and their scenarios `<id>.test.json`.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type CheckResult } from '../core/lint.ts';
import { contentHash } from '../core/hash.ts';
import { checkText, formatFlow } from '../blocks/language.ts';
import type { LoadedFlow } from '../core/types.ts';
import { promptInspector } from './prompt-files.ts';

export const FLOW_SUFFIX = '.flow.json';
export const TEST_SUFFIX = '.test.json';

/** Flow files named on the command line: files as given, folders expanded to their *.flow.json. */
export function expandFlowPaths(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (existsSync(path) && statSync(path).isDirectory()) {
      return readdirSync(path)
        .filter((name) => name.endsWith(FLOW_SUFFIX))
        .sort()
        .map((name) => join(path, name));
    }
    return [path];
  });
}

export function flowIdOf(file: string): string {
  return basename(file).replace(/\.flow\.json$/, '');
}

/** Validates and lints one flow file against the flows folder it lives in. */
export function checkFile(file: string, knownFlows?: string[]): CheckResult & { text: string } {
  const text = readFileSync(file, 'utf8');
  const flowsDir = dirname(file);
  const known =
    knownFlows ??
    readdirSync(flowsDir)
      .filter((name) => name.endsWith(FLOW_SUFFIX))
      .map(flowIdOf);
  const result = checkText(text, file, { inspectPrompt: promptInspector(flowsDir), knownFlows: known, grantedPermissions: grantedPermissions() });
  if (result.flow && result.flow.id !== flowIdOf(file)) {
    const where = result.source.locate('/id');
    result.problems.push({
      file,
      pointer: '/id',
      ...where,
      severity: 'error',
      code: 'file.id-mismatch',
      message: `the flow id '${result.flow.id}' differs from the file name; rename the file to ${result.flow.id}${FLOW_SUFFIX} or change the id`,
    });
  }
  return { ...result, text };
}

/** A deployable flow: hashed over its canonical text, so formatting-only edits keep the version. */
export function loadedFrom(result: CheckResult, file: string): LoadedFlow {
  return { flow: result.flow!, hash: contentHash(formatFlow(result.flow)), file };
}

/**
 * Permissions the app registration has been granted, from CALLFLOW_GRANTED_PERMISSIONS
 * (comma-separated); unset means unknown, and lint does not check permissions.
 */
export function grantedPermissions(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const value = env.CALLFLOW_GRANTED_PERMISSIONS;
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
}
