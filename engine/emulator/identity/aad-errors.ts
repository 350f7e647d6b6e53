/**
 * Error answers of the token endpoint, shaped like Entra ID's (AADSTS codes in
 * `error_description`, `error_codes`, trace and correlation ids), so a bot's error handling and
 * msal-node's error parsing see what they would see against login.microsoftonline.com. The codes
 * and sentences come from the AADSTS error code reference (reference-error-codes.md) and, where it
 * gives only a summary, from answers Entra ID sent (quoted in the emulator README).
 */
import { randomUUID } from 'node:crypto';

/** One AAD failure: HTTP status, OAuth error, AADSTS number and its sentence. */
export interface AadError {
  status: number;
  error: string;
  code: number;
  description: string;
}

/** The diagnostics Entra ID attaches to every failure. */
export interface AadDiagnostics {
  traceId: string;
  correlationId: string;
  /** `2016-01-09 02:02:12Z`, as in the documented examples. */
  timestamp: string;
  /** `AADSTS<code>: <sentence>` followed by the trace id, correlation id and timestamp lines. */
  description: string;
  errorUri: string;
}

/** True for an AadError (as opposed to the success value of a check). */
export function isAadError(value: object): value is AadError {
  return 'code' in value && 'error' in value && 'status' in value && 'description' in value;
}

/** Trace id, correlation id, timestamp and the full `error_description` of a failure. */
export function aadDiagnostics(failure: AadError, correlationId: string = randomUUID()): AadDiagnostics {
  const traceId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    traceId,
    correlationId,
    timestamp,
    description: `AADSTS${failure.code}: ${failure.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    errorUri: `https://login.microsoftonline.com/error?code=${failure.code}`,
  };
}

/** The JSON body Entra ID sends for an error. */
export function aadErrorBody(failure: AadError, correlationId?: string): Record<string, unknown> {
  const d = aadDiagnostics(failure, correlationId);
  return {
    error: failure.error,
    error_description: d.description,
    error_codes: [failure.code],
    timestamp: d.timestamp,
    trace_id: d.traceId,
    correlation_id: d.correlationId,
    error_uri: d.errorUri,
  };
}

/** The failures the emulated token endpoint produces. */
export const aadErrors = {
  missingParameter: (name: string): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrant: (grant: string): AadError => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    description: `The app requested an unsupported grant type '${grant}'.`,
  }),
  tenantNotFound: (tenant: string): AadError => ({
    status: 400,
    error: 'invalid_tenant',
    code: 90002,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  appNotFound: (appId: string, tenant: string): AadError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description: `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  missingSecret: (): AadError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  invalidSecret: (appId: string): AadError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
  }),
  /**
   * The assertion names a certificate the app does not have. Entra ID's sentence, as it answered
   * (Microsoft Q&A "AADSTS700027 error", 2026-06; and "the certificate with identifier used…", 2025-04).
   */
  certificateNotRegistered: (appId: string, thumbprint: string): AadError => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'.]`,
  }),
  /** A registered certificate's key did not sign it (AADSTS700027 "Client assertion failed signature validation."). */
  assertionSignature: (): AadError => ({ status: 401, error: 'invalid_client', code: 700027, description: 'Client assertion failed signature validation.' }),
  /** Before nbf or after exp (AADSTS700024, as Entra ID answered in Azure/aks-set-context#101). */
  assertionTimeRange: (): AadError => ({
    status: 401,
    error: 'invalid_client',
    code: 700024,
    description: 'Client assertion is not within its valid time range.',
  }),
  /** Any other fault of the assertion (claims, format); the sentence is the emulator's own. */
  assertionInvalid: (why: string): AadError => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: `Client assertion contains an invalid claim. ${why}`,
  }),
  invalidScope: (scope: string): AadError => ({
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  multipleResources: (scope: string): AadError => ({
    status: 400,
    error: 'invalid_scope',
    code: 700022,
    description: `The provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
  }),
  /** A code or refresh token that is not one (AADSTS9002313, as Entra ID answers a mangled code). */
  malformedGrant: (): AadError => ({ status: 400, error: 'invalid_grant', code: 9002313, description: 'Invalid request. Request is malformed or invalid.' }),
  /** A well-formed code this client may not redeem: unknown, or issued to another app. */
  invalidCode: (): AadError => ({ status: 400, error: 'invalid_grant', code: 70000, description: "The provided value for the 'code' parameter is not valid." }),
  codeForOtherTenant: (): AadError => ({
    status: 400,
    error: 'invalid_grant',
    code: 700005,
    description: 'Provided Authorization Code is intended to use against other tenant, thus rejected.',
  }),
  codeRedeemed: (): AadError => ({
    status: 400,
    error: 'invalid_grant',
    code: 54005,
    description: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  }),
  codeExpired: (): AadError => ({
    status: 400,
    error: 'invalid_grant',
    code: 70008,
    description:
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  }),
  replyAddressMismatch: (requested: string, original: string): AadError => ({
    status: 401,
    error: 'invalid_client',
    code: 500112,
    description: `The reply address '${requested}' does not match the reply address '${original}' provided when requesting Authorization code.`,
  }),
  codeVerifierMismatch: (): AadError => ({
    status: 400,
    error: 'invalid_grant',
    code: 501481,
    description: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  }),
};
