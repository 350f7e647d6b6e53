/**
 * Azure Key Vault's secrets data plane, as much as a bot reading its secrets uses: `GET
 * {vault}/secrets/{name}` and `GET {vault}/secrets/{name}/{version}` with `api-version`, answered
 * with a SecretBundle `{value, id, attributes}` (learn.microsoft.com, REST "Get Secret", 7.4). The
 * vault is the emulator's own origin, so a secret's `id` is `https://127.0.0.1:<port>/secrets/<name>/<version>`
 * as the SDK expects to parse it.
 *
 * Authentication is Key Vault's challenge: a request without a token gets 401 with
 * `WWW-Authenticate: Bearer authorization="<authority>/<tenant>", resource="https://vault.azure.net"`;
 * the client then asks the emulator's identity service for `https://vault.azure.net/.default` and
 * sends that token. A token for another resource, expired or not signed by the emulator gets 401;
 * an app that is not among the vault's readers gets 403.
 *
 * `/emulator/keyvault/…` (adminRouter) sets and removes secrets and readers for tests and development.
 */
import express, { type Request, type Response, type Router } from 'express';
import { KEY_VAULT_AUDIENCES, TokenProblem, type AccessTokens } from '../identity/access-tokens.ts';
import type { EmulatorApp } from '../options.ts';
import { vaultErrorBody, vaultErrors, type VaultError } from './errors.ts';
import { VAULT_NAME, type EmulatedVault } from './vault.ts';

export interface KeyVaultDependencies {
  vault: EmulatedVault;
  tokens: AccessTokens;
  apps: EmulatorApp[];
  /** The emulator's https origin: the vault URL and the identity authority's host. */
  baseUrl: () => string;
  log?: (line: string) => void;
}

const KEY_VAULT_RESOURCE = 'https://vault.azure.net';

export function keyVaultRouter(deps: KeyVaultDependencies): Router {
  const router = express.Router();
  const tenant = () => deps.apps[0].tenantId;
  const send = (res: Response, error: VaultError) => {
    if (error.status === 401) res.set('WWW-Authenticate', `Bearer authorization="${deps.baseUrl()}/${tenant()}", resource="${KEY_VAULT_RESOURCE}"`);
    res.status(error.status).set('Cache-Control', 'no-cache').json(vaultErrorBody(error));
  };

  const getSecret = async (req: Request, res: Response) => {
    const name = String(req.params.name);
    const version = req.params.version ? String(req.params.version) : undefined;
    const header = req.headers.authorization ?? '';
    if (!/^Bearer \S+$/i.test(header)) return send(res, vaultErrors.missingToken());
    let appId: string;
    try {
      const claims = await deps.tokens.verify(header.slice('Bearer '.length), KEY_VAULT_AUDIENCES);
      appId = claims.appid;
      if (claims.tid.toLowerCase() !== tenant().toLowerCase()) return send(res, vaultErrors.invalidToken(`issued for tenant ${claims.tid}`));
    } catch (error) {
      return send(res, vaultErrors.invalidToken(error instanceof TokenProblem ? error.reason : 'malformed'));
    }
    if (!req.query['api-version']) return send(res, vaultErrors.badParameter('The api-version query parameter is missing.'));
    if (!VAULT_NAME.test(name)) return send(res, vaultErrors.badParameter(`'${name}' is not a valid secret name: use 1-127 letters, digits and dashes.`));
    if (
      !deps.vault.mayRead(
        appId,
        deps.apps.map((app) => app.appId),
      )
    ) {
      deps.log?.(`key vault: ${appId} may not read secrets (403)`);
      return send(res, vaultErrors.forbidden(appId, tenant(), 'emulator'));
    }
    const secret = deps.vault.get(name, version);
    if (!secret || !secret.enabled) return send(res, vaultErrors.notFound(version ? `${name}/${version}` : name));
    res.json({
      value: secret.value,
      id: `${deps.baseUrl()}/secrets/${secret.name}/${secret.version}`,
      attributes: { enabled: true, created: secret.created, updated: secret.created, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 },
      tags: {},
    });
  };
  router.get('/secrets/:name', getSecret);
  router.get('/secrets/:name/:version', getSecret);
  return router;
}

/** `PUT /secrets/:name {value}`, `DELETE /secrets/:name`, `PUT /readers {appIds}` (null: every app). */
export function keyVaultAdminRouter(vault: EmulatedVault): Router {
  const router = express.Router();
  router.use(express.json());
  router.put('/secrets/:name', (req, res) => {
    const value = (req.body as { value?: unknown } | undefined)?.value;
    if (typeof value !== 'string') return res.status(400).json({ error: { code: 'badRequest', message: 'send {"value": "<the secret>"}' } });
    try {
      const stored = vault.set(String(req.params.name), value);
      res.json({ name: stored.name, version: stored.version });
    } catch (error) {
      res.status(400).json({ error: { code: 'badRequest', message: (error as Error).message } });
    }
  });
  router.delete('/secrets/:name', (req, res) => void res.status(vault.delete(String(req.params.name)) ? 204 : 404).end());
  router.put('/readers', (req, res) => {
    const appIds = (req.body as { appIds?: unknown } | undefined)?.appIds;
    if (appIds !== null && !(Array.isArray(appIds) && appIds.every((id) => typeof id === 'string')))
      return res.status(400).json({ error: { code: 'badRequest', message: 'send {"appIds": ["<app id>", …]} or {"appIds": null} for every app' } });
    vault.readers = appIds === null ? undefined : new Set(appIds.map((id: string) => id.toLowerCase()));
    res.status(204).end();
  });
  return router;
}
