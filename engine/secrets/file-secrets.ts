/**
 * Secrets from CALLFLOW_SECRETS_FILE, in either of the two shapes deployments use:
 * - a JSON object `{"CRM_API_KEY": "…"}` (one file, e.g. rendered by a configuration tool);
 * - a folder with one file per secret, named after it, holding the value (how Docker secrets appear
 *   under /run/secrets and a Kubernetes Secret mounted as a volume). One trailing line break is not
 *   part of the value (`echo value > file` adds it).
 * Read at every lookup, so a rotated file or a Kubernetes update of the mounted Secret applies
 * to the next request without a restart.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SECRET_NAME, type SecretSource } from './secret-source.ts';

export class FileSecrets implements SecretSource {
  readonly label: string;

  constructor(private readonly path: string) {
    this.label = `CALLFLOW_SECRETS_FILE ${path}`;
  }

  async get(name: string): Promise<string | undefined> {
    // The name becomes a path: nothing but a secret name may (no `..`, no slashes).
    if (!SECRET_NAME.test(name)) return undefined;
    const info = await stat(this.path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${this.label} cannot be read (${error.code ?? error.message})`);
    });
    if (info.isDirectory()) {
      const text = await readFile(join(this.path, name), 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw new Error(`${this.label}/${name} cannot be read (${error.code ?? error.message})`);
      });
      return text?.replace(/\r?\n$/, '');
    }
    let document: unknown;
    try {
      document = JSON.parse(await readFile(this.path, 'utf8'));
    } catch (error) {
      // The parser's message quotes part of the file: say only what is wrong, and attach no cause.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`${this.label} is not a JSON object of secret names and values${error instanceof SyntaxError ? ' (invalid JSON)' : ''}`);
    }
    if (!document || typeof document !== 'object' || Array.isArray(document)) throw new Error(`${this.label} is not a JSON object of secret names and values`);
    if (!Object.hasOwn(document, name)) return undefined;
    const value = (document as Record<string, unknown>)[name];
    if (typeof value !== 'string') throw new Error(`${this.label}: ${name} is not a string`);
    return value;
  }
}
