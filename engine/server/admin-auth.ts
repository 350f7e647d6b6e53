/**
 * Who may change flows, place calls and read call traces. With CALLFLOW_ADMIN_TOKEN set, requests
 * that carry `Authorization: Bearer <token>`, from anywhere. Without it, only requests the local
 * trust rule (local-trust.ts) accepts, so a fresh checkout works on this machine while a tunnel,
 * proxy or rebound host name gets nothing; a refusal says which condition failed. A browser page
 * from another site is refused either way: its requests carry a foreign Origin.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { EngineConfig } from '../config.ts';
import { localTrustPolicy, setupReasons, type LocalTrust, type ServedPort } from './local-trust.ts';

/** The variables access depends on: CALLFLOW_ADMIN_TOKEN, CALLFLOW_PUBLIC_URL and the AZURE_* credentials. */
export type AccessSettings = Pick<EngineConfig, 'adminToken' | 'publicUrl' | 'azure'>;

export interface AdminAccess {
  /** CALLFLOW_ADMIN_TOKEN; when set, it is the only way in. */
  adminToken?: string;
  /** Decides requests without a token when no admin token is configured. */
  localTrust: LocalTrust;
}

/** The access rule of a configuration (the operator's own, before emulator credentials are added). */
export function adminAccess(config: AccessSettings, servedPort: ServedPort): AdminAccess {
  return { adminToken: config.adminToken, localTrust: localTrustPolicy(config, servedPort) };
}

/** The port of the server that accepted the request's connection: the port it really listens on. */
export const acceptingPort: ServedPort = (req: IncomingMessage) => req.socket.localPort;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function foreignOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.get('host');
  } catch {
    return true;
  }
}

export function requireAdmin(access: AdminAccess): RequestHandler {
  return (req, res, next) => {
    const refuse = (status: number, code: string, message: string) => void res.status(status).json({ error: { code, message } });
    if (foreignOrigin(req)) return refuse(403, 'forbidden', `requests from ${req.get('origin')} may not change flows or place calls`);
    if (access.adminToken) {
      if (sameSecret(req.get('authorization') ?? '', `Bearer ${access.adminToken}`)) return next();
      res.set('WWW-Authenticate', 'Bearer realm="callflow"');
      return refuse(401, 'unauthorized', 'this needs the admin token: send Authorization: Bearer <CALLFLOW_ADMIN_TOKEN>');
    }
    const decision = access.localTrust(req);
    if (decision.trusted) return next();
    refuse(
      403,
      'forbidden',
      `CALLFLOW_ADMIN_TOKEN is not set and this request is not trusted as coming from this machine: ${decision.why}. ` +
        'Set CALLFLOW_ADMIN_TOKEN (16 characters or more) on the engine and send Authorization: Bearer <token>',
    );
  };
}

/**
 * What `callflow serve` says about access at start: the mode, and loudly when the editing and call
 * APIs are closed because local trust cannot apply and no token is set.
 */
export function adminAccessNotice(config: AccessSettings, port: number): { closed: boolean; lines: string[] } {
  const label = 'Editing and call APIs';
  if (config.adminToken) return { closed: false, lines: [`  ${label}: requests need Authorization: Bearer <CALLFLOW_ADMIN_TOKEN>`] };
  const reasons = setupReasons(config);
  if (reasons.length === 0) {
    return {
      closed: false,
      lines: [
        `  ${label}: open to this machine only (http://127.0.0.1:${port} or http://localhost:${port}, no forwarding headers);` +
          ' set CALLFLOW_ADMIN_TOKEN before exposing the engine through a tunnel or proxy',
      ],
    };
  }
  return {
    closed: true,
    lines: [
      `  WARNING: ${label} are CLOSED until CALLFLOW_ADMIN_TOKEN is set (16 characters or more): every request to them is refused.`,
      ...reasons.map((reason) => `    requests from this machine are not trusted either: ${reason}`),
    ],
  };
}
