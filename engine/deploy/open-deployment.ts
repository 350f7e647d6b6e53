/**
 * Puts the deployment together: the live set from the deploy store, the publisher, the flows
 * folder deployed and (for a running engine) watched. At start every flow file whose content is new
 * is published, so a `git pull` made while the engine was down is live when it is up.
 */
import type { Logger } from '../session/logger.ts';
import type { DeployStore } from './deploy-store.ts';
import { Deployment } from './deployment.ts';
import { DiskSync } from './disk-sync.ts';
import { GitRecorder } from './git-recorder.ts';
import { Publisher, type PromptSynthesis } from './publisher.ts';

export interface DeploymentParts {
  deployment: Deployment;
  publisher: Publisher;
  disk: DiskSync;
  store: DeployStore;
  stop(): Promise<void>;
}

export interface OpenDeploymentOptions {
  dir: string;
  store: DeployStore;
  defaultFlow?: string;
  logger?: Logger;
  /** Watch the flows folder and poll the store (a running engine); false for one-shot tools and tests. */
  watch?: boolean;
  pollMs?: number;
  /** Synthesizes static prompts before a version goes live (engine/node/prompt-audio.ts); without it none are. */
  prompts?: PromptSynthesis;
}

export async function openDeployment(options: OpenDeploymentOptions): Promise<DeploymentParts> {
  const deployment = new Deployment(options.store, options.dir, { defaultFlow: options.defaultFlow, logger: options.logger, pollMs: options.pollMs });
  await deployment.refresh();
  const git = new GitRecorder(options.dir);
  const publisher = new Publisher(options.store, deployment, git, options.logger, Date.now, options.prompts);
  const disk = new DiskSync(options.store, deployment, publisher, git, options.logger);
  await disk.syncAll();
  await deployment.refresh();
  if (options.watch) {
    disk.watch();
    deployment.start();
  }
  return {
    deployment,
    publisher,
    disk,
    store: options.store,
    async stop() {
      deployment.stop();
      await disk.close();
    },
  };
}
