/**
 * The bot's app registration as one @azure/identity credential, for every Azure SDK the engine
 * talks to beside Graph (Blob Storage for recordings, Key Vault for secrets, Azure AI Speech). One
 * credential per engine shares its token cache; Graph itself keeps msal-node (engine/graph/auth).
 *
 * The certificate (as one PEM) wins over the secret, as for Graph. An identity service that is not
 * Microsoft's (the emulator's stand-in) is read directly: instance discovery would ask Microsoft's
 * cloud about it.
 */
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';

/** The bot's app registration as Azure SDK credentials take it. */
export interface EntraApp {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** Private key and certificate as one PEM: used instead of the secret when given. */
  certificatePem?: string;
  authorityHost: string;
}

const MICROSOFT_LOGIN_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']);

export function appCredential(app: EntraApp): TokenCredential {
  const how = { authorityHost: app.authorityHost, disableInstanceDiscovery: !MICROSOFT_LOGIN_HOSTS.has(new URL(app.authorityHost).hostname) };
  return app.certificatePem
    ? new ClientCertificateCredential(app.tenantId, app.clientId, { certificate: app.certificatePem }, how)
    : new ClientSecretCredential(app.tenantId, app.clientId, app.clientSecret ?? '', how);
}
