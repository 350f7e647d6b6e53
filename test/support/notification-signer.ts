/**
 * Signs notification tokens the way Graph does (RS256, `iss` https://api.botframework.com, `aud`
 * the bot's app id, `tid`; graph-calls.md §4.2) and serves the OpenID document and JWKS they are
 * checked against, on a local HTTP port. Also makes the bad tokens the security tests need.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';

export const BOT_ISSUER = 'https://api.botframework.com';

export class NotificationSigner {
  private server?: Server;
  private key!: CryptoKey;
  private strangerKey!: CryptoKey;
  private publicJwk!: Record<string, unknown>;
  origin = '';
  openIdFetches = 0;

  constructor(
    readonly appId: string,
    readonly tenantId: string,
  ) {}

  get openIdUrl(): string {
    return `${this.origin}/v1/.well-known/OpenIdConfiguration`;
  }

  async start(): Promise<this> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    this.key = pair.privateKey;
    this.strangerKey = (await generateKeyPair('RS256')).privateKey;
    this.publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/v1/.well-known/OpenIdConfiguration') {
        this.openIdFetches++;
        return void res.end(JSON.stringify({ issuer: BOT_ISSUER, jwks_uri: `${this.origin}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      }
      if (req.url === '/v1/keys') return void res.end(JSON.stringify({ keys: [this.publicJwk] }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A valid token, with claims overridden or removed (value undefined). */
  async token(overrides: Record<string, unknown> = {}, options: { key?: 'ours' | 'stranger'; expiresInSeconds?: number } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = { iss: BOT_ISSUER, aud: this.appId, tid: this.tenantId, iat: now, nbf: now, exp: now + (options.expiresInSeconds ?? 600) };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
      .sign(options.key === 'stranger' ? this.strangerKey : this.key);
  }

  /** An unsigned token (`alg: none`) with valid-looking claims. */
  unsignedToken(): string {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ iss: BOT_ISSUER, aud: this.appId, tid: this.tenantId, iat: now, exp: now + 600 })}.`;
  }

  /** HS256 signed with the public key's modulus as the secret (algorithm confusion). */
  async confusedToken(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const secret = new TextEncoder().encode(String(this.publicJwk.n));
    return new SignJWT({ iss: BOT_ISSUER, aud: this.appId, tid: this.tenantId, iat: now, exp: now + 600 })
      .setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' })
      .sign(secret);
  }
}
