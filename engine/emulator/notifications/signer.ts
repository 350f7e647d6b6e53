/**
 * The JWTs that authenticate notifications to the bot, and the OpenID document + JWKS that publish
 * their keys — the emulator's stand-in for https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration.
 * Claims follow the documented example (Teams docs, call-notifications.md "Authenticate the
 * callback"): iss https://api.botframework.com, aud = the bot's app id, tid, iat/nbf/exp 65 minutes
 * apart. Microsoft's samples (Sample.Common AuthenticationProvider) also accept the issuer
 * https://graph.microsoft.com, so the issuer is drawn per call (variations.ts `notificationIssuer`).
 */
import express, { type Router } from 'express';
import { SignJWT } from 'jose';
import type { SigningKey } from '../signing-key.ts';

/** The documented issuer of notification tokens (also the OpenID document's). */
export const NOTIFICATION_ISSUER = 'https://api.botframework.com';
/** The other issuer Microsoft's samples accept. */
export const GRAPH_NOTIFICATION_ISSUER = 'https://graph.microsoft.com';

/** Path of the OpenID document (same path as on api.aps.skype.com). */
export const NOTIFICATION_OPENID_PATH = '/v1/.well-known/OpenIdConfiguration';
const KEYS_PATH = '/v1/keys';

/** Signs notification tokens. */
export class NotificationSigner {
  constructor(
    readonly key: SigningKey,
    private readonly lifetimeSeconds: number,
  ) {}

  /** A bearer token for one notification POST to the bot `appId` of tenant `tenantId`. */
  sign(appId: string, tenantId: string, issuer = NOTIFICATION_ISSUER): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ tid: tenantId })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid, x5t: this.key.kid })
      .setIssuer(issuer)
      .setAudience(appId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.lifetimeSeconds)
      .sign(this.key.privateKey);
  }
}

/** Serves the OpenID document and the JWKS of the notification keys. */
export function notificationKeysRouter(signer: NotificationSigner): Router {
  const router = express.Router();
  router.get(NOTIFICATION_OPENID_PATH, (req, res) => {
    const base = `https://${req.headers.host ?? '127.0.0.1'}`;
    res.json({
      issuer: NOTIFICATION_ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${base}${KEYS_PATH}`,
      // Spelled as the real document spells it.
      id_token_signing_alg_values_supported: ['RSA256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
  });
  router.get(KEYS_PATH, (_req, res) => {
    res.json({ keys: [signer.key.jwk] });
  });
  return router;
}
