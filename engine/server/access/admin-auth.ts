/**
 * The access policy of a configuration: CALLFLOW_ADMIN_TOKEN (requests that carry `Authorization:
 * Bearer <token>`, from anywhere), and without it the local trust rule (local-trust.ts), so a fresh
 * checkout works on this machine while a tunnel, proxy or rebound host name gets nothing. Who may do
 * what is then decided per route by its role (require-role.ts). Also what `callflow serve` says
 * about access at start.
 */
import type { IncomingMessage } from 'node:http';
import type { EngineConfig } from '../../config.ts';
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
