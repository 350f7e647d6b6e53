/**
 * Sends one GraphRequestSpec through graph-client and returns what Graph answered — status,
 * parsed body, Location, the ids that tie it to Graph's logs — with every attempt's timing, without
 * throwing for HTTP errors: the executor decides what a status means for the call.
 */
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import type { GraphRequestSpec } from '../requests/types.ts';
import { AttemptObserver, type AttemptReport } from './retry-handler.ts';

export interface GraphResponse {
  /** HTTP status; 0 when no answer came (network, token, retries exhausted on errors). */
  status: number;
  body: unknown;
  location?: string;
  /** Graph's `request-id` and the `client-request-id` it echoes (graph-client's TelemetryHandler sends one per request). */
  requestId?: string;
  clientRequestId?: string;
  /** `X-Microsoft-Skype-Chain-ID` of the answer: the call's chain id. */
  chainId?: string;
  attempts: AttemptReport[];
  durationMs: number;
  /** Why no answer came. */
  error?: string;
}

export class GraphTransport {
  constructor(
    private readonly client: Client,
    private readonly graphBaseUrl: string,
  ) {}

  /** `headers`: the call's correlation headers (`X-Microsoft-Skype-Chain-ID`, `Scenario-Id`). */
  async send(spec: GraphRequestSpec, headers: Record<string, string> = {}): Promise<GraphResponse> {
    const attempts: AttemptReport[] = [];
    const started = Date.now();
    const request = this.client
      .api(`${this.graphBaseUrl}${spec.path}`)
      .headers(headers)
      .responseType(ResponseType.RAW)
      .middlewareOptions([new AttemptObserver((report) => attempts.push(report))]);
    try {
      const response = (
        spec.method === 'DELETE' ? await request.delete() : spec.method === 'GET' ? await request.get() : await request.post(spec.body)
      ) as Response;
      const body = await readBody(response);
      const header = (name: string) => response.headers.get(name) ?? undefined;
      return {
        status: response.status,
        body,
        location: header('location'),
        requestId: header('request-id'),
        clientRequestId: header('client-request-id'),
        chainId: header('x-microsoft-skype-chain-id'),
        attempts,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      return { status: 0, body: undefined, attempts, durationMs: Date.now() - started, error: describe(error) };
    }
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message || error.name;
  }
  return String(error);
}
