/**
 * The engine's configuration as a command reads it: from the environment, or undefined after the
 * configuration's problems were printed (each names its variable), so the command exits 1.
 */
import { ConfigError, parseConfig, type EngineConfig } from '../config.ts';

export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): EngineConfig | undefined {
  try {
    return parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return undefined;
  }
}
