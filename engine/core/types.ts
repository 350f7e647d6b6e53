/**
 * The flow language's data types and the plain-JSON shapes the core exchanges with its callers
 * (server, CLI, editor simulator). Nothing here imports Node-only modules: the editor loads it too.
 */
import type { EffectName } from './effects.ts';

/** A JSON value as read from a flow file. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * One prompt in one locale: the words it says, synthesized unless a recorded WAV (relative to the
 * flows folder) is given; `ssml`, when present, is synthesized instead of `text`.
 */
export interface PromptVariant {
  text: string;
  ssml?: string;
  voice?: string;
  file?: string;
}

export interface VariableDeclaration {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  default?: Json;
  description?: string;
}

export interface FlowSettings {
  locale?: string;
  timeZone?: string;
  maxSteps?: number;
  maxVisitsPerState?: number;
  /** Named delays in seconds. */
  delays?: Record<string, number>;
}

/** A state of a flow: a typed block with its options and its outcome ports. */
export interface StateConfig {
  type: string;
  description?: string;
  [option: string]: unknown;
}

/** A flow document, the content of `flows/<id>.flow.json`. */
export interface FlowDocument {
  $schema?: string;
  id: string;
  version: number;
  name: string;
  description?: string;
  start: string;
  variables?: Record<string, VariableDeclaration>;
  prompts?: Record<string, Record<string, PromptVariant>>;
  settings?: FlowSettings;
  /** Flow-wide handlers; `key` maps a key (0-9, *, #) to the state a press of it jumps to. */
  on?: { hangup?: string; error?: string; key?: Record<string, string> };
  states: Record<string, StateConfig>;
}

/** A flow as deployed: its document plus the content hash that pins calls to this exact version. */
export interface LoadedFlow {
  flow: FlowDocument;
  /** sha-256 of the canonical text, hex, first 16 chars. */
  hash: string;
  /** File the flow came from, for messages. */
  file?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** One problem found in a flow, located by file, JSON pointer and line:column (1-based). */
export interface Problem {
  file: string;
  pointer: string;
  line: number;
  column: number;
  severity: Severity;
  /** Stable identifier of the check, e.g. `schema.maximum`, `lint.unreachable`. */
  code: string;
  /** What is wrong and what to change. */
  message: string;
}

/** An effect: something the outside world must do, as plain JSON; its kinds are catalogued in effects.ts. */
export interface Effect {
  type: EffectName;
  [key: string]: unknown;
}

/** An event delivered to a call's machine. */
export interface EngineEvent {
  type: string;
  /** Milliseconds since the epoch at which the event happened; stamped by the stepper when absent. */
  at?: number;
  [key: string]: unknown;
}

export interface TraceEntry {
  at: number;
  kind: 'event' | 'transition' | 'effect' | 'port' | 'error' | 'unhandled';
  [key: string]: unknown;
}

/** What the stepper persists for one call between events. */
export interface CallRecord {
  callId: string;
  flowId: string;
  flowVersion: string;
  /** Increases by one per applied event; stores use it for compare-and-set. */
  rev: number;
  status: 'active' | 'done' | 'error';
  snapshot: unknown;
  startedAt: number;
  updatedAt: number;
  steps: number;
}

export interface StepResult {
  record: CallRecord;
  effects: Effect[];
  trace: TraceEntry[];
}

/** Information about the call and caller a flow starts with. */
export interface CallInfo {
  id: string;
  direction: 'incoming' | 'outgoing';
  /** The identity that was called (application, application instance or phone). */
  called?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CallerInfo {
  phone?: string;
  userId?: string;
  displayName?: string;
  tenantId?: string;
  [key: string]: unknown;
}

export interface StartInput {
  call: CallInfo;
  caller?: CallerInfo;
  vars?: Record<string, Json>;
}
