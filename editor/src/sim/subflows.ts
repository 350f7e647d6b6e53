/** The subflows a flow runs (and theirs), as deployed by the engine: the simulator and the tests compile with them. */
import type { FlowDocument } from '../../../engine/core/types.ts';
import { engineApi } from '../files/engine-api.ts';

export async function subflowsOf(flow: FlowDocument, found = new Map<string, FlowDocument>()): Promise<Map<string, FlowDocument>> {
  for (const state of Object.values(flow.states)) {
    if (state.type !== 'subflow' || found.has(String(state.flow))) continue;
    const child = (await engineApi.deployedFlow(String(state.flow))).flow as FlowDocument | null;
    if (!child) throw new Error(`subflow '${String(state.flow)}' is not deployed`);
    found.set(String(state.flow), child);
    await subflowsOf(child, found);
  }
  return found;
}
