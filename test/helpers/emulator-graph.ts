/**
 * The bot side of the emulator tests, with the real libraries: msal-node (client credentials
 * against the emulated authority) and graph-client (against the emulated Graph root).
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import type { RunningEmulator } from '../../engine/emulator/index.ts';

/** msal-node configured for the emulator, as a bot would configure it from its environment. */
export function msalFor(emulator: RunningEmulator, credentials: { tenantId?: string; appId?: string; secret?: string } = {}): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: credentials.appId ?? emulator.appId,
      clientSecret: credentials.secret ?? emulator.secret,
      authority: `${emulator.urls.base}/${credentials.tenantId ?? emulator.tenantId}`,
      knownAuthorities: [new URL(emulator.urls.base).host],
    },
  });
}

/** graph-client whose tokens come from `msal`; customHosts lets it attach them to 127.0.0.1. */
export function graphFor(
  emulator: RunningEmulator,
  options: { msal?: ConfidentialClientApplication; scope?: string; token?: string; customHosts?: boolean } = {},
): Client {
  const msal = options.msal ?? msalFor(emulator);
  return Client.init({
    baseUrl: `${emulator.urls.base}/`,
    defaultVersion: 'v1.0',
    customHosts: options.customHosts === false ? undefined : new Set([new URL(emulator.urls.base).hostname]),
    authProvider: (done) => {
      if (options.token !== undefined) return done(null, options.token);
      msal.acquireTokenByClientCredential({ scopes: [options.scope ?? 'https://graph.microsoft.com/.default'] }).then(
        (result) => done(null, result?.accessToken ?? null),
        (error: unknown) => done(error, null),
      );
    },
  });
}

/** Sends a request and returns the raw fetch Response (status, headers, body). */
export async function raw(graph: Client, method: 'get' | 'post' | 'delete', path: string, body?: unknown): Promise<Response> {
  const request = graph.api(path).responseType(ResponseType.RAW);
  if (method === 'get') return (await request.get()) as Response;
  if (method === 'delete') return (await request.delete()) as Response;
  return (await request.post(body ?? {})) as Response;
}

/** Graph's error as graph-client reports it. */
export interface GraphClientError {
  statusCode: number;
  code: string;
  message: string;
  body: string;
}

/** The GraphError a request throws (fails the test if it succeeds). */
export async function graphError(request: Promise<unknown>): Promise<GraphClientError> {
  try {
    await request;
  } catch (error) {
    return error as GraphClientError;
  }
  throw new Error('the request was expected to fail');
}
