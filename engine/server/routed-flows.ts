/**
 * Which flows calls are really sent to: those a route in `<flows dir>/routes.json` names, and the
 * default flow (CALLFLOW_DEFAULT_FLOW) that takes every call no route matches. The editor says
 * "Deployed" only for these. Read on each request, so an edited routes file shows at once; an
 * unreadable one routes nothing but the default (the engine refuses to start with it anyway).
 */
import { CallRouter } from '../session/routes.ts';

export function routedFlows(flowsDir: string, defaultFlow: string | undefined): Set<string> {
  const routed = new Set<string>(defaultFlow ? [defaultFlow] : []);
  try {
    for (const route of CallRouter.forFlowsDir(flowsDir).routes) routed.add(route.flow);
  } catch {
    // Invalid routes.json: only the default flow takes calls.
  }
  return routed;
}
