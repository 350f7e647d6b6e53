/**
 * Secrets from Azure Key Vault (CALLFLOW_KEYVAULT_URL) through Microsoft's SDK: `SecretClient` of
 * @azure/keyvault-secrets, authenticated as the bot's app registration (the engine hands in its
 * @azure/identity credential, engine/node/app-credential.ts).
 * The SDK does Key Vault's challenge-based authentication: its first request goes without a token,
 * the vault answers 401 naming the tenant's authority and its resource, and the token is asked for
 * that resource (`https://vault.azure.net/.default`).
 *
 * Values are kept for `cacheMs` (a missing secret too), so a busy flow does not ask the vault per
 * call; one request per name is in flight at a time. Key Vault names allow letters, digits and
 * dashes only: a flow's `CRM_API_KEY` is the vault's `CRM-API-KEY`.
 *
 * A vault outside Azure's own domains (the emulator's stand-in on 127.0.0.1) cannot pass the SDK's
 * check that the challenge's resource matches the vault's host, so that check is switched off for
 * such a URL only.
 */
import type { TokenCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import type { SecretSource } from './secret-source.ts';

export interface KeyVaultOptions {
  vaultUrl: string;
  /** The bot's app registration (engine/node/app-credential.ts). */
  credential: TokenCredential;
  cacheMs: number;
  now?: () => number;
}

const AZURE_VAULT_DOMAINS = ['.vault.azure.net', '.vault.azure.cn', '.vault.usgovcloudapi.net', '.vault.microsoftazure.de', '.managedhsm.azure.net'];

export class KeyVaultSecrets implements SecretSource {
  readonly label: string;
  private readonly client: SecretClient;
  private readonly cache = new Map<string, { value: string | undefined; until: number }>();
  private readonly reading = new Map<string, Promise<string | undefined>>();
  private readonly now: () => number;

  constructor(private readonly options: KeyVaultOptions) {
    this.label = `Key Vault ${options.vaultUrl}`;
    this.now = options.now ?? Date.now;
    const host = new URL(options.vaultUrl).hostname.toLowerCase();
    this.client = new SecretClient(options.vaultUrl, options.credential, {
      disableChallengeResourceVerification: !AZURE_VAULT_DOMAINS.some((domain) => host.endsWith(domain)),
      retryOptions: { maxRetries: 2 },
    });
  }

  async get(name: string): Promise<string | undefined> {
    const cached = this.cache.get(name);
    if (cached && cached.until > this.now()) return cached.value;
    let reading = this.reading.get(name);
    if (!reading) {
      reading = this.read(name).finally(() => this.reading.delete(name));
      this.reading.set(name, reading);
    }
    return reading;
  }

  private async read(name: string): Promise<string | undefined> {
    let value: string | undefined;
    try {
      value = (await this.client.getSecret(name.replaceAll('_', '-'))).value;
    } catch (error) {
      // Only the status and codes leave here: the SDK's error carries the request, and a cause would travel with it into logs.
      /* eslint-disable preserve-caught-error */
      const { statusCode, code } = error as { statusCode?: number; code?: string };
      if (statusCode === 404) value = undefined;
      else if (statusCode) throw new Error(`${this.label} answered ${statusCode}${code ? ` (${code})` : ''}`);
      else {
        // No answer from the vault: most often no token (AADSTS… from the identity service, which names no secret).
        const aad = /AADSTS\d+/.exec((error as Error).message)?.[0];
        throw new Error(`${this.label} could not be asked: ${(error as Error).name}${aad ? ` ${aad}` : ''}`);
      }
      /* eslint-enable preserve-caught-error */
    }
    if (this.options.cacheMs > 0) this.cache.set(name, { value, until: this.now() + this.options.cacheMs });
    return value;
  }
}
