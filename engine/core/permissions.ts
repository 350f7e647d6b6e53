/**
 * The Graph application permissions a flow needs, derived from the blocks it uses
 * (graph-calls.md §2). Answering a peer-to-peer call and playing prompts need none.
 */
import type { BlockRegistry } from './block.ts';
import type { FlowDocument } from './types.ts';

/** Permission → the states that need it, in flow order. */
export function permissionsFor(blocks: BlockRegistry, flow: FlowDocument): Map<string, string[]> {
  const needed = new Map<string, string[]>();
  for (const [id, state] of Object.entries(flow.states)) {
    const block = blocks.get(state.type);
    const permissions = (block?.permissionsOf ? block.permissionsOf(state) : block?.permissions) ?? [];
    for (const permission of permissions) needed.set(permission, [...(needed.get(permission) ?? []), id]);
  }
  return needed;
}

/** The tenant admin-consent URL that grants an app its application permissions. */
export function adminConsentUrl(tenantId: string, appId: string, authorityHost = 'https://login.microsoftonline.com'): string {
  // Tenant and app ids are GUIDs or domain names: URL-safe as they are.
  return `${authorityHost.replace(/\/$/, '')}/${tenantId}/adminconsent?client_id=${appId}`;
}
