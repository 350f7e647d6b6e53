/**
 * The bot's Graph token: OAuth client credentials through msal-node's ConfidentialClientApplication
 * (graph-calls.md §4.1), scope `https://graph.microsoft.com/.default`. The token is kept until five
 * minutes before it expires and concurrent requests share one acquisition, so Graph requests never
 * wait on the token endpoint except once an hour. The app proves itself with its certificate or its secret. Plugs into graph-client as its AuthenticationProvider.
 */
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { msalAuthority } from './msal-authority.ts';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { AzureCredentials } from '../../config.ts';
import type { Logger } from '../../session/logger.ts';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** Hosts msal-node discovers instance metadata for by itself. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export interface TokenProviderOptions {
  now?: () => number;
  logger?: Logger;
}

export class GraphTokenProvider implements AuthenticationProvider {
  private readonly msal: ConfidentialClientApplication;
  private cached?: { token: string; expiresAt: number };
  private acquiring?: Promise<string>;
  private readonly now: () => number;
  /** Token endpoint round trips made, for tests and metrics. */
  acquisitions = 0;

  constructor(credentials: AzureCredentials, options: TokenProviderOptions = {}) {
    this.now = options.now ?? Date.now;
    const logger = options.logger;
    this.msal = new ConfidentialClientApplication({
      auth: {
        clientId: credentials.clientId,
        // A certificate when there is one (config.ts prefers it): msal-node signs a client assertion
        // with its key and names it by the SHA-256 thumbprint (x5t#S256, PS256).
        ...(credentials.certificate
          ? {
              clientCertificate: {
                thumbprintSha256: credentials.certificate.thumbprintSha256,
                privateKey: credentials.certificate.privateKey,
                x5c: credentials.certificate.x5c,
              },
            }
          : { clientSecret: credentials.clientSecret }),
        ...msalAuthority(credentials.authorityHost, credentials.tenantId),
      },
      system: {
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (level, message) => (level <= LogLevel.Error ? logger?.error({ msal: message }, 'msal') : logger?.warn({ msal: message }, 'msal')),
        },
      },
    });
  }

  async getAccessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - REFRESH_MARGIN_MS > this.now()) return this.cached.token;
    this.acquiring ??= this.acquire().finally(() => {
      this.acquiring = undefined;
    });
    return this.acquiring;
  }

  private async acquire(): Promise<string> {
    this.acquisitions++;
    const result = await this.msal.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE], skipCache: true });
    if (!result?.accessToken) throw new Error('the token endpoint returned no access token');
    const expiresAt = result.expiresOn ? result.expiresOn.getTime() : this.now() + 10 * 60_000;
    this.cached = { token: result.accessToken, expiresAt };
    return result.accessToken;
  }
}
