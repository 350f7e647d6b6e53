/**
 * The emulated vault's contents: secrets with versions (the latest is what `GET /secrets/{name}`
 * returns), names compared case-insensitively as Key Vault does, and who may read them (the app
 * ids granted `secrets/get`, as an access policy or an RBAC role assignment would).
 */
import { randomBytes } from 'node:crypto';

export interface SecretVersion {
  name: string;
  version: string;
  value: string;
  created: number;
  enabled: boolean;
}

/** Key Vault's rule for object names: 1–127 letters, digits and dashes. */
export const VAULT_NAME = /^[0-9A-Za-z-]{1,127}$/;

export interface KeyVaultSettings {
  /** Secrets the vault starts with, name → value. */
  secrets?: Record<string, string>;
  /** App ids that may read secrets; default: every app of the emulator. */
  readers?: string[];
}

export class EmulatedVault {
  private readonly secrets = new Map<string, SecretVersion[]>();
  readers: Set<string> | undefined;

  constructor(settings: KeyVaultSettings = {}) {
    for (const [name, value] of Object.entries(settings.secrets ?? {})) this.set(name, value);
    this.readers = settings.readers ? new Set(settings.readers.map((id) => id.toLowerCase())) : undefined;
  }

  /** Stores a new version of a secret and returns it. */
  set(name: string, value: string): SecretVersion {
    if (!VAULT_NAME.test(name)) throw new Error(`'${name}' is not a Key Vault secret name (1-127 letters, digits and dashes)`);
    const version: SecretVersion = { name, version: randomBytes(16).toString('hex'), value, created: Math.floor(Date.now() / 1000), enabled: true };
    const key = name.toLowerCase();
    this.secrets.set(key, [...(this.secrets.get(key) ?? []), version]);
    return version;
  }

  /** The latest version, or the named one. */
  get(name: string, version?: string): SecretVersion | undefined {
    const versions = this.secrets.get(name.toLowerCase()) ?? [];
    return version ? versions.find((entry) => entry.version === version.toLowerCase()) : versions.at(-1);
  }

  delete(name: string): boolean {
    return this.secrets.delete(name.toLowerCase());
  }

  /** Whether the app may read secrets (undefined readers: every app of the emulator). */
  mayRead(appId: string, knownApps: string[]): boolean {
    const allowed = this.readers ?? new Set(knownApps.map((id) => id.toLowerCase()));
    return allowed.has(appId.toLowerCase());
  }
}
