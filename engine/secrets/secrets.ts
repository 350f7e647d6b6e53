/**
 * The engine's secrets: the sources in their order — the environment (`CALLFLOW_SECRET_<NAME>`),
 * CALLFLOW_SECRETS_FILE, then Azure Key Vault when CALLFLOW_KEYVAULT_URL is set — the first that
 * has a name wins. It also remembers every value it handed out (with every value in the
 * environment), so whatever writes traces and logs can remove them (engine/session/trace-redaction.ts).
 */
import { EnvSecrets } from './env-secrets.ts';
import { FileSecrets } from './file-secrets.ts';
import type { TokenCredential } from '@azure/identity';
import { KeyVaultSecrets } from './keyvault-secrets.ts';
import { SECRET_NAME, type SecretSource } from './secret-source.ts';

export interface SecretsSettings {
  env: Record<string, string | undefined>;
  file?: string;
  keyVault?: { url: string; cacheMs: number; credential?: TokenCredential };
}

export class Secrets {
  private readonly served = new Set<string>();

  constructor(
    private readonly sources: readonly SecretSource[],
    private readonly preset: () => string[] = () => [],
  ) {}

  /** Where values are looked for, in order. */
  get labels(): string[] {
    return this.sources.map((source) => source.label);
  }

  async get(name: string): Promise<string | undefined> {
    if (!SECRET_NAME.test(name)) return undefined;
    for (const source of this.sources) {
      const value = await source.get(name);
      if (value !== undefined) {
        this.served.add(value);
        return value;
      }
    }
    return undefined;
  }

  /** Values that must never be written to a trace or a log. */
  knownValues(): string[] {
    return [...new Set([...this.preset(), ...this.served])];
  }
}

export function createSecrets(settings: SecretsSettings): Secrets {
  const env = new EnvSecrets(settings.env);
  const sources: SecretSource[] = [env];
  if (settings.file) sources.push(new FileSecrets(settings.file));
  if (settings.keyVault) {
    if (!settings.keyVault.credential)
      throw new Error("CALLFLOW_KEYVAULT_URL: Key Vault is read as the bot's app registration; set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET");
    sources.push(new KeyVaultSecrets({ vaultUrl: settings.keyVault.url, credential: settings.keyVault.credential, cacheMs: settings.keyVault.cacheMs }));
  }
  return new Secrets(sources, () => env.values());
}
