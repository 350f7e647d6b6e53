/**
 * Bearer-token check of every Graph request: the token must be one the emulated identity endpoint
 * issued, unexpired, for Graph's audience, and name a configured app. Failures are 401s with the
 * messages Graph uses (graph-calls.md §4.1).
 */
import type { Request } from 'express';
import { TokenProblem, type AccessTokenClaims, type AccessTokens } from '../identity/access-tokens.ts';
import type { EmulatorApp } from '../options.ts';
import { graphErrors } from './errors.ts';

const MESSAGES: Record<TokenProblem['reason'], string> = {
  missing: 'Access token is empty.',
  malformed: 'CompactToken parsing failed with error code: 80049217',
  signature: 'Access token validation failure. Invalid signature.',
  expired: 'Lifetime validation failed, the token is expired.',
  audience: 'Access token validation failure. Invalid audience.',
  issuer: 'Access token validation failure. Invalid issuer.',
  unknownApp: 'Access token validation failure. The application is not registered with the emulator.',
};

/** The app a request acts for; throws a 401 GraphError otherwise. */
export async function authenticate(req: Request, tokens: AccessTokens, apps: EmulatorApp[]): Promise<{ app: EmulatorApp; claims: AccessTokenClaims }> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  try {
    if (!match) throw new TokenProblem('missing');
    const claims = await tokens.verify(match[1]);
    // The communications API takes application permissions only: every page of its API reference
    // lists "Delegated (work or school account): Not supported".
    if (claims.idtyp === 'user' || claims.scp !== undefined) throw graphErrors.delegatedNotSupported();
    const app = apps.find((a) => a.appId === claims.appid && a.tenantId === claims.tid);
    if (!app) throw new TokenProblem('unknownApp');
    return { app, claims };
  } catch (error) {
    if (error instanceof TokenProblem) throw graphErrors.unauthorized(MESSAGES[error.reason]);
    throw error;
  }
}
