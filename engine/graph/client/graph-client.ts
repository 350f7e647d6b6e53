/**
 * graph-client set up for the engine: authentication (msal), our retry policy, graph-client's
 * telemetry headers (client-request-id) and our node:https sender. `customHosts` names
 * GRAPH_BASE_URL's host, because graph-client attaches the token only to Microsoft hosts and those
 * listed there (graph-calls.md §9) — without it an emulator would get requests without a token.
 */
import { AuthenticationHandler, Client, TelemetryHandler, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { HttpsMessageHandler } from './https-message-handler.ts';
import { GraphRetryHandler, type RetryPolicy } from './retry-handler.ts';

export interface GraphClientOptions {
  graphBaseUrl: string;
  auth: AuthenticationProvider;
  retry?: RetryPolicy;
  /** Sends the requests; pass one in to close its connections on shutdown. */
  http?: HttpsMessageHandler;
}

export function createGraphClient(options: GraphClientOptions): Client {
  // Not graph-client's HTTPMessageHandler: its global fetch (undici) measured ~3.7× the CPU of a
  // node:https request on a keep-alive agent, about a fifth of the engine's CPU per notification.
  const sender = options.http ?? new HttpsMessageHandler();
  const middleware = [new AuthenticationHandler(options.auth), new GraphRetryHandler(options.retry), new TelemetryHandler(), sender];
  return Client.initWithMiddleware({ middleware, customHosts: new Set([new URL(options.graphBaseUrl).hostname]) });
}
