/**
 * Flow versions as calls see them across restarts and instances. A call is pinned to the version
 * it started on; the deployment (FlowSource) knows the versions compiled since this process
 * started, the store keeps the documents of every version a call started on. A version missing
 * here is compiled again from the store, so a call started on A finishes on A after B is deployed,
 * the process restarts, or another instance takes the call.
 */
import { type CompiledFlow } from '../core/compile.ts';
import { compile, formatFlow } from '../blocks/language.ts';
import { contentHash } from '../core/hash.ts';
import type { FlowDocument, Json, LoadedFlow } from '../core/types.ts';
import type { CallStore } from './call-store.ts';
import type { FlowSource } from './session-deps.ts';

/** What the store keeps per version: the flow and the subflows inlined into it. */
interface PinnedDocument {
  flow: FlowDocument;
  subflows: Record<string, FlowDocument>;
}

/** A version is saved again (moving its retention) at most this often per process. */
const RESAVE_MS = 60 * 60_000;

const loaded = (flow: FlowDocument): LoadedFlow => ({ flow, hash: contentHash(formatFlow(flow)) });

export class PinnedFlows implements FlowSource {
  private readonly restored = new Map<string, CompiledFlow>();
  private readonly savedAt = new Map<string, number>();

  constructor(
    private readonly deployed: FlowSource,
    private readonly store: CallStore,
  ) {}

  latest(flowId: string): CompiledFlow | undefined {
    return this.deployed.latest(flowId);
  }

  version(flowId: string, version: string): CompiledFlow | undefined {
    return this.deployed.version(flowId, version) ?? this.restored.get(`${flowId}@${version}`);
  }

  /** Records the version a call starts on, so any process can run the call to its end. */
  async pin(compiled: CompiledFlow, now: number): Promise<void> {
    const key = `${compiled.flowId}@${compiled.version}`;
    if (now - (this.savedAt.get(key) ?? -Infinity) < RESAVE_MS) return;
    const document: PinnedDocument = { flow: compiled.flow, subflows: compiled.subflowDocuments };
    await this.store.saveFlowVersion(compiled.flowId, compiled.version, document as unknown as Json, now);
    this.savedAt.set(key, now);
  }

  /** Makes `version` available to the stepper, compiling it from the store when needed; undefined when it is gone. */
  async ensure(flowId: string, version: string): Promise<CompiledFlow | undefined> {
    const known = this.version(flowId, version);
    if (known) return known;
    const document = (await this.store.flowVersion(flowId, version)) as unknown as PinnedDocument | undefined;
    if (!document) return undefined;
    const compiled = compile(loaded(document.flow), (id) => (document.subflows[id] ? loaded(document.subflows[id]) : undefined));
    // A document that compiles to another version (a change in hashing) cannot run the call's snapshot.
    if (compiled.version !== version) return undefined;
    this.restored.set(`${flowId}@${version}`, compiled);
    return compiled;
  }
}
