/**
 * Flow variables are plain objects keyed by names that come from flows, start requests, routes and
 * HTTP responses. A name such as `__proto__` or `constructor` would read an Object.prototype member
 * instead of a variable, or replace an object's prototype when written, so: these names are refused
 * where names enter (lint, the call API, routes.json), every lookup uses Object.hasOwn, and every
 * write here refuses them again.
 */
import type { Json } from './types.ts';

export const RESERVED_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export function isReservedName(name: string): boolean {
  return RESERVED_NAMES.includes(name);
}

/** A variable's value, or undefined when `vars` has no own variable of that name. */
export function readVariable(vars: Record<string, Json>, name: string): Json | undefined {
  return Object.hasOwn(vars, name) ? vars[name] : undefined;
}

/** Sets a variable; a reserved name is an error (the flow's error handler runs). */
export function writeVariable(vars: Record<string, Json>, name: string, value: Json): void {
  if (isReservedName(name)) throw new Error(`'${name}' cannot be a variable name`);
  vars[name] = value;
}

/** A call's first variables: the defaults, then the given values' own, non-reserved entries. */
export function startVariables(defaults: Record<string, Json>, given: Record<string, Json> | undefined): Record<string, Json> {
  const vars = { ...defaults };
  for (const [name, value] of Object.entries(given ?? {})) if (!isReservedName(name)) vars[name] = value;
  return vars;
}
