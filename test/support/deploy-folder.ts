/**
 * A deployment of a flows folder for tests: an in-memory deploy store, every valid flow of the
 * folder published as the engine does at start, the folder not watched (`disk.deployFile` or
 * `disk.syncAll` pick up a change a test makes).
 */
import { openDeployment, type DeploymentParts } from '../../engine/deploy/open-deployment.ts';
import type { PromptSynthesis } from '../../engine/deploy/publisher.ts';
import { MemoryDeployStore } from '../../engine/store/memory-deploy-store.ts';

export function deployFolder(dir: string, options: { defaultFlow?: string; prompts?: PromptSynthesis } = {}): Promise<DeploymentParts> {
  return openDeployment({ dir, store: new MemoryDeployStore(), defaultFlow: options.defaultFlow, prompts: options.prompts });
}
