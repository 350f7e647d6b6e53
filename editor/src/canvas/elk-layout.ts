/**
 * Runs the layered layout (elk-graph.ts) with elkjs in a Web Worker: the GWT-compiled layouter is
 * 1.6 MB and would block the page on large flows.
 */
import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { LARGE_FLOW, elkGraph, readLayout, reorderInputs, type LayoutEdge, type LayoutNode, type LayoutResult } from './elk-graph.ts';

export type { EdgeRoute, LayoutResult, Point } from './elk-graph.ts';

let elk: InstanceType<typeof ELK> | undefined;

export async function layoutGraph(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<LayoutResult> {
  elk ??= new ELK({ workerUrl });
  let laidOut = await elk.layout(elkGraph(nodes, edges));
  if (nodes.length <= LARGE_FLOW && nodes.some((node) => node.inputs.length > 1))
    laidOut = await elk.layout(elkGraph(reorderInputs(nodes, edges, laidOut), edges));
  return readLayout(laidOut);
}
