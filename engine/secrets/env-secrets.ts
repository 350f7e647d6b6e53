/** Secrets from the environment: `CALLFLOW_SECRET_<NAME>` holds the value of secret NAME. */
import type { SecretSource } from './secret-source.ts';

const ENV_PREFIX = 'CALLFLOW_SECRET_';

export class EnvSecrets implements SecretSource {
  readonly label = 'the environment (CALLFLOW_SECRET_<NAME>)';
  private all?: string[];

  constructor(private readonly env: Record<string, string | undefined>) {}

  async get(name: string): Promise<string | undefined> {
    return this.env[`${ENV_PREFIX}${name}`] || undefined;
  }

  /** Every value set, so traces and logs can be cleaned of them even before a flow used one (read once: asked at every trace write). */
  values(): string[] {
    this.all ??= Object.entries(this.env)
      .filter(([key, value]) => key.startsWith(ENV_PREFIX) && value)
      .map(([, value]) => value!);
    return this.all;
  }
}
