/**
 * Prompt links Graph can fetch without credentials. Graph downloads a prompt from the URI in the
 * play request and sends no Authorization header, yet prompts are the tenant's content and must
 * not be open to everyone. So each URI carries `sig`, an HMAC-SHA-256 of the file's path under a
 * key derived (HKDF) from the bot's client secret: every engine of a cluster signs and checks
 * alike, a link opens one file only, and nobody can list or guess others. People read prompts
 * through their role instead (Flows.Read).
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export class PromptLinks {
  private constructor(private readonly key: Buffer) {}

  /**
   * The links of an app registration, keyed by its client secret. `purpose` separates kinds of
   * links (prompts, kept recordings): a signature for one never opens the other.
   */
  static keyedBy(clientSecret: string, purpose = 'prompt links v1'): PromptLinks {
    return new PromptLinks(Buffer.from(hkdfSync('sha256', clientSecret, 'callflow', purpose, 32)));
  }

  /**
   * The links of an app registration keyed by what it proves itself with: the client secret, else
   * the certificate's private key (every engine of a cluster has the same).
   */
  static forCredentials(credentials: { clientSecret?: string; certificate?: { privateKey: string } }, purpose?: string): PromptLinks {
    const key = credentials.clientSecret ?? credentials.certificate?.privateKey;
    if (!key) throw new Error('prompt links need the client secret or the client certificate');
    return PromptLinks.keyedBy(key, purpose);
  }

  /** The `sig` of a path under prompts/ (`en-US/welcome.wav`, not URL-encoded). */
  signature(path: string): string {
    return createHmac('sha256', this.key).update(path, 'utf8').digest('base64url');
  }

  verify(path: string, signature: unknown): boolean {
    if (typeof signature !== 'string') return false;
    const expected = Buffer.from(this.signature(path));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
