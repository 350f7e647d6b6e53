/**
 * The failures of the authorization endpoint. Those that make the redirect URI untrustworthy
 * (unknown tenant or app, a redirect URI the app did not register) are shown on an error page and
 * never redirected; the others go back to the app's redirect URI as `error`, `error_description`
 * (with the AADSTS code), `error_uri` and `state` ("OAuth 2.0 authorization code flow", error
 * response; the error values from its table of authorization endpoint errors).
 */
import type { AadError } from './aad-errors.ts';

export const authorizeErrors = {
  redirectUriMismatch: (redirectUri: string, appId: string): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 50011,
    description: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
  }),
  redirectUriNotAbsolute: (): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 90102,
    description: "'redirect_uri' value must be a valid absolute URI.",
  }),
  noRedirectUri: (): AadError => ({ status: 400, error: 'invalid_request', code: 500113, description: 'No reply address is registered for the application.' }),
  missingParameter: (name: string): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  /** The login page was posted after its request expired, or twice. */
  flowExpired: (): AadError => ({ status: 400, error: 'invalid_request', code: 50089, description: 'Authentication failed due to flow token expired.' }),
  /** Implicit and hybrid grants are off in the emulated registrations, as in a new app registration. */
  responseTypeNotEnabled: (responseType: string): AadError => ({
    status: 400,
    error: 'unsupported_response_type',
    code: responseType.split(' ').includes('id_token') ? 700054 : 70005,
    description: `The provided value for the input parameter 'response_type' is not allowed for this client. Expected value is 'code'.`,
  }),
  unsupportedResponseMode: (): AadError => ({
    status: 400,
    error: 'invalid_request',
    code: 70007,
    description: 'The app returned an unsupported value of response_mode when requesting a token.',
  }),
  invalidRequest: (): AadError => ({ status: 400, error: 'invalid_request', code: 9002313, description: 'Invalid request. Request is malformed or invalid.' }),
  codeChallengeSize: (): AadError => ({ status: 400, error: 'invalid_request', code: 501491, description: 'Invalid size of Code_Challenge parameter.' }),
  /** `prompt=none`: the emulator keeps no single sign-on session, so a silent sign-in always fails. */
  loginRequired: (): AadError => ({
    status: 400,
    error: 'login_required',
    code: 50058,
    description: 'A silent sign-in request was sent but no user is signed in.',
  }),
  userCancelled: (): AadError => ({ status: 400, error: 'access_denied', code: 65004, description: 'User declined to consent to access the app.' }),
};
