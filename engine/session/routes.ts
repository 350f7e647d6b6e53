/**
 * Incoming-call routing: the called identity (application id, application instance id or phone
 * number) picks the flow, from `<flows dir>/routes.json` (schema: schemas/routes.schema.json),
 * falling back to CALLFLOW_DEFAULT_FLOW. A call that matches nothing is rejected by the caller of
 * `route`, which logs the reason returned here.
 *
 * @example
 *   const router = CallRouter.fromFile('flows/routes.json', { defaultFlow: 'main-menu' });
 *   router.route({ phone: '+14255550100' }); // { flowId: 'main-menu', vars: {}, via: 'route 1' }
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Json } from '../core/types.ts';
import { ROOT } from '../node/paths.ts';
import { isReservedName } from '../core/variables.ts';

/** The identity a caller dialled, as the notification translator reports it. */
export interface CalledIdentity {
  application?: string;
  applicationInstance?: string;
  phone?: string;
}

export interface Route {
  description?: string;
  called: CalledIdentity;
  flow: string;
  vars?: Record<string, Json>;
}

export type RouteDecision = { flowId: string; vars: Record<string, Json>; via: string } | { flowId?: undefined; reason: string };

/** routes.json cannot be used; each problem names its JSON pointer. */
export class RoutesError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'RoutesError';
  }
}

export const ROUTES_FILE_NAME = 'routes.json';
const ROUTES_SCHEMA = join(ROOT, 'schemas', 'routes.schema.json');
let validator: ReturnType<Ajv2020['compile']> | undefined;

/** What picks the flow for an incoming call (a CallRouter, or a deployment whose routes can change). */
export interface RouteSource {
  route(called: CalledIdentity | undefined): RouteDecision;
}

export class CallRouter implements RouteSource {
  constructor(
    readonly routes: Route[],
    readonly defaultFlow?: string,
  ) {}

  /** Reads and validates a routes file; a missing file means no routes (only the default). */
  static fromFile(file: string, options: { defaultFlow?: string } = {}): CallRouter {
    if (!existsSync(file)) return new CallRouter([], options.defaultFlow);
    return CallRouter.fromText(readFileSync(file, 'utf8'), file, options);
  }

  /** Reads and validates routes.json text; `file` names it in problems. */
  static fromText(text: string, file: string, options: { defaultFlow?: string } = {}): CallRouter {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new RoutesError(file, [`not valid JSON: ${(error as Error).message}`]);
    }
    validator ??= new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(ROUTES_SCHEMA, 'utf8')));
    if (!validator(document)) {
      throw new RoutesError(
        file,
        (validator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`),
      );
    }
    const routes = (document as { routes: Route[] }).routes;
    const reserved = routes.flatMap((route, index) =>
      Object.keys(route.vars ?? {})
        .filter(isReservedName)
        .map((name) => `/routes/${index}/vars/${name} cannot be a variable name`),
    );
    if (reserved.length) throw new RoutesError(file, reserved);
    return new CallRouter(routes, options.defaultFlow);
  }

  /** The routes file of a flows folder. */
  static forFlowsDir(dir: string, options: { defaultFlow?: string } = {}): CallRouter {
    return CallRouter.fromFile(join(dir, ROUTES_FILE_NAME), options);
  }

  /** The flow for a call to `called`, or why there is none. */
  route(called: CalledIdentity | undefined): RouteDecision {
    const index = this.routes.findIndex((route) => matches(route.called, called ?? {}));
    if (index >= 0) return { flowId: this.routes[index].flow, vars: this.routes[index].vars ?? {}, via: `route ${index + 1}` };
    if (this.defaultFlow) return { flowId: this.defaultFlow, vars: {}, via: 'CALLFLOW_DEFAULT_FLOW' };
    return { reason: `no route matches the called identity ${JSON.stringify(called ?? {})} and CALLFLOW_DEFAULT_FLOW is not set` };
  }

  /** Flow ids the routes name that `known` does not contain (for start-up warnings). */
  unknownFlows(known: (flowId: string) => boolean): string[] {
    return [...new Set(this.routes.map((route) => route.flow).filter((flowId) => !known(flowId)))];
  }
}

function matches(wanted: CalledIdentity, called: CalledIdentity): boolean {
  const fields = Object.entries(wanted) as Array<[keyof CalledIdentity, string]>;
  return fields.length > 0 && fields.every(([field, value]) => (field === 'phone' ? samePhone(value, called.phone) : sameId(value, called[field])));
}

/** Graph ids are GUIDs whose case varies between payloads. */
function sameId(a: string, b: string | undefined): boolean {
  return b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Graph sometimes sends E.164 numbers without the plus or with separators. */
function samePhone(a: string, b: string | undefined): boolean {
  const digits = (value: string) => value.replace(/[^0-9]/g, '');
  return b !== undefined && digits(b).length > 0 && digits(a) === digits(b);
}
