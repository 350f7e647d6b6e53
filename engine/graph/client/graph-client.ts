/**
 * graph-client set up for the engine: authentication (msal), our retry policy, graph-client's
 * telemetry headers (client-request-id) and its fetch handler. `customHosts` names GRAPH_BASE_URL's
 * host, because graph-client attaches the token only to Microsoft hosts and those listed there
 * (graph-calls.md §9) — without it an emulator would get requests without a token.
 */
import { AuthenticationHandler, Client, HTTPMessageHandler, TelemetryHandler, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { GraphRetryHandler, type RetryPolicy } from './retry-handler.ts';

export interface GraphClientOptions {
  graphBaseUrl: string;
  auth: AuthenticationProvider;
  retry?: RetryPolicy;
}

export function createGraphClient(options: GraphClientOptions): Client {
  const middleware = [new AuthenticationHandler(options.auth), new GraphRetryHandler(options.retry), new TelemetryHandler(), new HTTPMessageHandler()];
  return Client.initWithMiddleware({ middleware, customHosts: new Set([new URL(options.graphBaseUrl).hostname]) });
}
