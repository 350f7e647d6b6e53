/** Secrets from the environment: `CALLFLOW_SECRET_<NAME>` holds the value of secret NAME. */
import type { SecretSource } from './secret-source.ts';

export const ENV_PREFIX = 'CALLFLOW_SECRET_';

export class EnvSecrets implements SecretSource {
  readonly label = 'the environment (CALLFLOW_SECRET_<NAME>)';

  constructor(private readonly env: Record<string, string | undefined>) {}

  async get(name: string): Promise<string | undefined> {
    return this.env[`${ENV_PREFIX}${name}`] || undefined;
  }

  /** Every value set, so traces and logs can be cleaned of them even before a flow used one. */
  values(): string[] {
    return Object.entries(this.env)
      .filter(([key, value]) => key.startsWith(ENV_PREFIX) && value)
      .map(([, value]) => value!);
  }
}
