/**
 * What the translator remembers per call between notifications, so repeated, reordered and
 * redundant notifications produce each engine event once. Stored by the session as opaque JSON.
 */
import type { Json } from '../../core/types.ts';
import type { PendingOperation } from '../../session/types.ts';
import type { EngineEvent } from '../../core/types.ts';
import { isObject, type WireObject } from './lenient.ts';
import type { ResourceRef } from './resource.ts';

export interface NotificationMemory {
  /** `call.incoming` was produced. */
  incoming?: boolean;
  /** State `established` seen. */
  established?: boolean;
  /** `mediaState.audio: active` seen. */
  audioActive?: boolean;
  /** `call.established` produced: the call is established and its audio active. */
  announced?: boolean;
  terminated?: boolean;
  /** A transfer is under way (state `transferring` seen); a later `established` with an error result is its failure. */
  transferring?: boolean;
  transferAccepted?: boolean;
  /** Recent toneInfo sequence ids. */
  tones?: number[];
  /** Participant ids of the last roster. */
  roster?: string[];
  /** The bot's own participant id (not reported as joining). */
  me?: string;
  /** Recent operation outcomes already turned into events (`<operation id or clientContext>|<status>`). */
  operations?: string[];
}

/** What every mapper receives: one notification and the call's memory. */
export interface MapperInput {
  notification: WireObject;
  changeType?: string;
  ref: ResourceRef;
  memory: NotificationMemory;
  pending: PendingOperation[];
}

export interface MapperResult {
  events: EngineEvent[];
  memory: NotificationMemory;
  notes: string[];
}

export type NotificationMapper = (input: MapperInput) => MapperResult;

export const RECENT = 64;

/** Appends to a bounded list of recent values. */
export function remember<T>(list: T[] | undefined, value: T): T[] {
  return [...(list ?? []), value].slice(-RECENT);
}

/** A copy the mappers may change: the stored memory stays as it was until the step is committed. */
export function memoryOf(value: Json | undefined): NotificationMemory {
  return isObject(value) ? { ...(value as NotificationMemory) } : {};
}
