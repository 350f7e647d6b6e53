/**
 * The access policy of a configuration: CALLFLOW_ADMIN_TOKEN (requests that carry `Authorization:
 * Bearer <token>`, from anywhere), browser sessions of people signed in with Entra ID, and without
 * a token or sign-in the local trust rule (local-trust.ts), so a fresh checkout works on this
 * machine while a tunnel, proxy or rebound host name gets nothing. When local trust cannot apply
 * and neither a token nor sign-in is configured, a random one-time token printed at start is the
 * way in (as Jupyter does). Who may do what is then decided per route by its role
 * (require-role.ts). Also what `callflow serve` says about access at start.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { EngineConfig } from '../../config.ts';
import type { AccessPolicy } from './identity.ts';
import { localTrustPolicy, setupReasons, type ServedPort } from './local-trust.ts';

/** The variables access depends on: CALLFLOW_ADMIN_TOKEN, the sign-in registration, CALLFLOW_PUBLIC_URL and the AZURE_* credentials. */
export type AccessSettings = Pick<EngineConfig, 'adminToken' | 'publicUrl' | 'azure'> & Partial<Pick<EngineConfig, 'signIn'>>;

/** Whether nothing but a one-time token could let anyone in. */
export function needsOneTimeToken(config: AccessSettings): boolean {
  return !config.adminToken && !config.signIn && setupReasons(config).length > 0;
}

/**
 * The access rule of a configuration (the operator's own, before emulator credentials are added).
 * A one-time token is drawn when `needsOneTimeToken`, unless one is given.
 */
export function adminAccess(config: AccessSettings, servedPort: ServedPort, oneTimeToken?: string): AccessPolicy {
  return {
    adminToken: config.adminToken,
    oneTimeToken: needsOneTimeToken(config) ? (oneTimeToken ?? randomBytes(24).toString('base64url')) : undefined,
    localTrust: localTrustPolicy(config, servedPort),
    signInRequired: config.signIn !== undefined,
  };
}

/** The port of the server that accepted the request's connection: the port it really listens on. */
export const acceptingPort: ServedPort = (req: IncomingMessage) => req.socket.localPort;

/**
 * What `callflow serve` says about access at start: the mode, and the one-time token's link when
 * that is the only way in. Printed on the terminal, never written to the log.
 */
export function adminAccessNotice(config: AccessSettings, policy: AccessPolicy, base: string): { closed: boolean; lines: string[] } {
  const label = 'Editing and call APIs';
  const ways: string[] = [];
  if (config.adminToken) ways.push('Authorization: Bearer <CALLFLOW_ADMIN_TOKEN>');
  if (config.signIn) ways.push(`signing in with Entra ID (app ${config.signIn.clientId}) at ${base}/auth/signin`);
  if (ways.length) return { closed: false, lines: [`  ${label}: ${ways.join(', or ')}`] };
  const reasons = setupReasons(config);
  if (reasons.length === 0) {
    const port = new URL(base).port;
    return {
      closed: false,
      lines: [
        `  ${label}: open to this machine only (http://127.0.0.1:${port} or http://localhost:${port}, no forwarding headers);` +
          ' set CALLFLOW_ADMIN_TOKEN or sign-in before exposing the engine through a tunnel or proxy',
      ],
    };
  }
  return {
    closed: true,
    lines: [
      `  ${label}: requests from this machine are not trusted (${reasons.join('; ')}), and neither CALLFLOW_ADMIN_TOKEN nor sign-in is set.`,
      `  Open ${base}/auth/token?token=${policy.oneTimeToken} in a browser, or send Authorization: Bearer ${policy.oneTimeToken}`,
      '  (a one-time token: a new one at every start; set CALLFLOW_ADMIN_TOKEN or sign-in to keep one)',
    ],
  };
}
