/**
 * Graph error answers: `{"error":{"code","message","innerError":{"date","request-id",
 * "client-request-id"}}}` (graph-calls.md §0), thrown as GraphError anywhere in a request and
 * written once by the router.
 */
import type { Response } from 'express';

/** An error answer with its HTTP status, Graph error code and extra headers. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly innerCode?: string,
  ) {
    super(message);
  }
}

/** Ids that tie an error answer to its request. */
export interface RequestIds {
  requestId: string;
  clientRequestId?: string;
}

/** The Graph error body. */
export function graphErrorBody(error: GraphError, ids: RequestIds): Record<string, unknown> {
  const innerError: Record<string, unknown> = {
    date: new Date().toISOString().replace(/\.\d+Z$/, ''),
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId ?? ids.requestId,
  };
  if (error.innerCode) innerError.code = error.innerCode;
  return { error: { code: error.code, message: error.message, innerError } };
}

/** Writes a GraphError. */
export function sendGraphError(res: Response, error: GraphError, ids: RequestIds): Record<string, unknown> {
  const body = graphErrorBody(error, ids);
  res.status(error.status).set(error.headers).type('application/json').send(JSON.stringify(body));
  return body;
}

/** The errors the emulator answers with. */
export const graphErrors = {
  callNotFound: (callId: string) =>
    new GraphError(404, 'itemNotFound', `Call '${callId}' was not found; it never existed for this application or it has ended.`),
  participantNotFound: (participantId: string) => new GraphError(404, 'itemNotFound', `Participant '${participantId}' was not found in the call.`),
  operationNotFound: (operationId: string) => new GraphError(404, 'itemNotFound', `Operation '${operationId}' was not found in the call.`),
  badRequest: (message: string) => new GraphError(400, 'BadRequest', message),
  invalidState: (action: string, state: string, allowed: string[]) =>
    new GraphError(
      409,
      'Conflict',
      `Action '${action}' is not allowed while the call is '${state}'; it needs a call that is ${allowed.map((s) => `'${s}'`).join(' or ')}.`,
    ),
  segmentNotFound: (segment: string) => new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  methodNotAllowed: () => new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'),
  unauthorized: (message: string) =>
    new GraphError(401, 'InvalidAuthenticationToken', message, {
      'WWW-Authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    }),
  forbidden: (permissions: string[]) =>
    new GraphError(
      403,
      'Forbidden',
      `The application does not have any of the required application permissions (${permissions.join(', ')}) to perform this action.`,
    ),
  delegatedNotSupported: () =>
    new GraphError(
      403,
      'Forbidden',
      'This API does not support delegated permissions: the token was issued to a signed-in user, and the communications API requires application permissions.',
    ),
  unreadableBody: () =>
    new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'),
};
