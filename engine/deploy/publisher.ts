/**
 * Publishing: a flow goes live only through here. The files are checked (lint clean; for a publish
 * from the editor or the API, every scenario passing), the version is recorded in the deploy store
 * with compare-and-set on the flow's newest number (of two publishes at once exactly one wins; the
 * other changes nothing), then the canonical files are written into the flows folder and committed
 * when it is a git work tree. The store is what engines serve, so a publish reaches every engine of
 * a cluster; a failed check or a lost race leaves everything live as it was.
 */
import { existsSync, rmSync } from 'node:fs';
import { formatFlow } from '../blocks/language.ts';
import { formatJson } from '../core/format.ts';
import { parseSource } from '../core/json-source.ts';
import { flowFilesOf, writeAtomic } from '../node/flow-file-writes.ts';
import type { Logger } from '../session/logger.ts';
import type { DeployStore, FlowFiles, PublishedVersion, VersionSource } from './deploy-store.ts';
import type { Deployment } from './deployment.ts';
import type { GitRecorder } from './git-recorder.ts';
import { checkForPublish, type FailedScenario, type PublishCheck } from './publish-checks.ts';
import type { FlowDocument, LoadedFlow, Problem } from '../core/types.ts';
import type { CoverageReport } from '../core/sim/scenario.ts';

export interface PublishRequest {
  flowId: string;
  files: FlowFiles;
  author: string;
  message: string;
  source: VersionSource;
  rollbackOf?: number;
  /** Run the scenarios (publishes from the editor or the API); folder changes are gated by lint only. */
  scenarios: boolean;
  /** The newest number the publisher saw; default: whatever is newest now. */
  expectedNumber?: number;
}

export type PublishOutcome =
  | { published: PublishedVersion; check: PublishCheck; diskError?: string }
  | { refused: 'problems'; problems: Problem[] }
  | { refused: 'scenarios'; failedScenarios: FailedScenario[]; coverage?: CoverageReport }
  | { refused: 'conflict'; newest: number };

/**
 * Speech for a flow's prompts (engine/node/prompt-audio.ts): the voices the synthesizer offers, for
 * lint, and the synthesis of every static prompt before a version goes live, so calls only look
 * them up and a synthesizer that cannot say a prompt stops the publish, not a call.
 */
export interface PromptSynthesis {
  voices(): Promise<Array<{ name: string; locale: string }>>;
  synthesizeStatic(flow: FlowDocument): Promise<Array<{ key: string; locale: string; message: string }>>;
}

export class Publisher {
  /** Publishes of one flow in this process, one at a time (other processes are held off by the store's compare-and-set). */
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: DeployStore,
    private readonly deployment: Deployment,
    private readonly git: GitRecorder,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
    private readonly prompts?: PromptSynthesis,
  ) {}

  publish(request: PublishRequest): Promise<PublishOutcome> {
    const previous = this.lanes.get(request.flowId) ?? Promise.resolve();
    const next = previous.then(() => this.publishNow(request));
    this.lanes.set(
      request.flowId,
      next.catch(() => undefined),
    );
    return next;
  }

  private async publishNow(request: PublishRequest): Promise<PublishOutcome> {
    const { flowId } = request;
    const dir = this.deployment.dir;
    const live = this.deployment.list().filter((entry) => entry.latest);
    const subflow = (id: string): LoadedFlow | undefined => {
      const compiled = this.deployment.latest(id);
      return compiled && { flow: compiled.flow, hash: this.deployment.get(id)!.published!.version };
    };
    // Without a voice list (the synthesizer cannot say) voices are not checked here; synthesis below reports it.
    const voices = await this.prompts?.voices().catch(() => undefined);
    const check = checkForPublish(flowId, request.files, {
      dir,
      knownFlows: live.map((entry) => entry.id),
      subflow,
      scenarios: request.scenarios,
      ...(voices?.length ? { voices } : {}),
    });
    if (!check.flow || check.problems.some((problem) => problem.severity === 'error')) return { refused: 'problems', problems: check.problems };
    if (check.failedScenarios.length) return { refused: 'scenarios', failedScenarios: check.failedScenarios, coverage: check.coverage };
    const unsaid = await this.synthesisProblems(flowId, check.flow, request.files.flow);
    if (unsaid.length) return { refused: 'problems', problems: [...check.problems, ...unsaid] };
    const files = canonical(request.files, check);
    const newest = (await this.store.versions(flowId))[0]?.number ?? 0;
    const expected = request.expectedNumber ?? newest;
    if (expected !== newest) return { refused: 'conflict', newest };
    const record: Omit<PublishedVersion, 'number'> = {
      flowId,
      version: check.hash!,
      files,
      author: request.author,
      at: this.now(),
      message: request.message,
      source: request.source,
      ...(request.rollbackOf !== undefined ? { rollbackOf: request.rollbackOf } : {}),
    };
    const number = await this.store.publish(record, expected);
    if (number === undefined) return { refused: 'conflict', newest: (await this.store.versions(flowId))[0]?.number ?? newest };
    await this.deployment.refresh();
    const published: PublishedVersion = { ...record, number };
    const diskError = request.source === 'disk' ? undefined : await this.writeAndCommit(published);
    return { published: (await this.store.version(flowId, number)) ?? published, check, ...(diskError ? { diskError } : {}) };
  }

  /** Static prompts synthesized ahead of calls; one error problem per prompt the synthesizer could not say. */
  private async synthesisProblems(flowId: string, flow: FlowDocument, text: string): Promise<Problem[]> {
    if (!this.prompts) return [];
    const failures = await this.prompts.synthesizeStatic(flow);
    const file = `${this.deployment.dir}/${flowId}.flow.json`;
    const source = failures.length ? parseSource(text, file) : undefined;
    return failures.map(({ key, locale, message }) => ({
      file,
      pointer: `/prompts/${escapePointer(key)}/${escapePointer(locale)}`,
      ...source!.locate(`/prompts/${escapePointer(key)}/${escapePointer(locale)}`),
      severity: 'error' as const,
      code: 'prompt.synthesis',
      message,
    }));
  }

  /** Writes the version's files into the flows folder and commits them; the reason when the folder could not be written. */
  private async writeAndCommit(version: PublishedVersion): Promise<string | undefined> {
    const paths = flowFilesOf(this.deployment.dir, version.flowId);
    try {
      writeAtomic(paths.flow, version.files.flow);
      if (version.files.tests !== undefined) writeAtomic(paths.tests, version.files.tests);
      else if (existsSync(paths.tests)) rmSync(paths.tests);
      if (version.files.layout !== undefined) writeAtomic(paths.layout, version.files.layout);
    } catch (error) {
      const reason = `version ${version.number} of ${version.flowId} is live, but the flows folder could not be written: ${(error as Error).message}`;
      this.logger?.error({ flowId: version.flowId, err: error }, reason);
      return reason;
    }
    try {
      const commit = await this.git.commit([paths.flow, paths.tests, paths.layout].filter(existsSync), version.author, version.message);
      if (commit) await this.store.recordCommit(version.flowId, version.number, commit.hash);
    } catch (error) {
      this.logger?.warn({ flowId: version.flowId, err: error }, 'the publish could not be committed to git');
    }
    return undefined;
  }
}

/** The files as the flows folder keeps them: canonical JSON (schema key order, 2-space indent). */
function canonical(files: FlowFiles, check: PublishCheck): FlowFiles {
  const json = (text: string | undefined) => {
    if (text === undefined) return undefined;
    try {
      return formatJson(JSON.parse(text));
    } catch {
      // Scenarios that are not JSON only pass the gate of a folder change (lint only): kept as written.
      return text;
    }
  };
  return {
    flow: formatFlow(check.flow),
    ...(files.tests !== undefined ? { tests: json(files.tests) } : {}),
    ...(files.layout !== undefined ? { layout: json(files.layout) } : {}),
  };
}

function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}
