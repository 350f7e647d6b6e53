/**
 * Sends one GraphRequestSpec through graph-client and returns what Graph answered — status,
 * parsed body, Location — with every attempt's timing, without throwing for HTTP errors: the
 * executor decides what a status means for the call.
 */
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import type { GraphRequestSpec } from '../requests/types.ts';
import { AttemptObserver, type AttemptReport } from './retry-handler.ts';

export interface GraphResponse {
  /** HTTP status; 0 when no answer came (network, token, retries exhausted on errors). */
  status: number;
  body: unknown;
  location?: string;
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

  async send(spec: GraphRequestSpec): Promise<GraphResponse> {
    const attempts: AttemptReport[] = [];
    const started = Date.now();
    const request = this.client
      .api(`${this.graphBaseUrl}${spec.path}`)
      .responseType(ResponseType.RAW)
      .middlewareOptions([new AttemptObserver((report) => attempts.push(report))]);
    try {
      const response = (
        spec.method === 'DELETE' ? await request.delete() : spec.method === 'GET' ? await request.get() : await request.post(spec.body)
      ) as Response;
      const body = await readBody(response);
      return { status: response.status, body, location: response.headers.get('location') ?? undefined, attempts, durationMs: Date.now() - started };
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
