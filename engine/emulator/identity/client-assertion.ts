/**
 * Certificate credentials at the token endpoint: a client assertion (`client_assertion_type=
 * urn:ietf:params:oauth:client-assertion-type:jwt-bearer`) checked as Entra ID documents it
 * (learn.microsoft.com, "Microsoft identity platform application authentication certificate
 * credentials"): the header names the certificate by `x5t#S256` (SHA-256 thumbprint, base64url; `x5t`,
 * SHA-1, is still accepted) and must name one registered for the app (its `certificates`, like an app
 * registration's keyCredentials); the signature (PS256 or RS256) verifies with that certificate's key;
 * `aud` is the tenant's v2.0 token endpoint, `iss` and `sub` the app id, `jti` present, and the time
 * between `nbf` and `exp` (five minutes of skew allowed). Verified with jose.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, importX509, jwtVerify } from 'jose';
import type { EmulatorApp } from '../options.ts';
import { aadErrors, type AadError } from './aad-errors.ts';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CLOCK_SKEW_SECONDS = 300;

/** Thumbprints of a PEM certificate's DER, base64url, as `x5t#S256` and `x5t` carry them. */
function thumbprints(pem: string): { sha256: string; sha1: string } {
  const der = new X509Certificate(pem).raw;
  return { sha256: createHash('sha256').update(der).digest('base64url'), sha1: createHash('sha1').update(der).digest('base64url') };
}

/** undefined when `assertion` proves `app`; otherwise the failure Entra ID answers. */
export async function checkClientAssertion(app: EmulatorApp, assertion: string, tokenEndpoint: string): Promise<AadError | undefined> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return aadErrors.assertionInvalid('The client assertion is not a JWT.');
  }
  const named = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const legacy = typeof header.x5t === 'string' ? header.x5t : undefined;
  const certificate = (app.certificates ?? []).find((pem) => {
    const prints = thumbprints(pem);
    return (named && prints.sha256 === named) || (legacy && prints.sha1 === legacy);
  });
  if (!certificate) return aadErrors.certificateNotRegistered(app.appId, named ?? legacy ?? '');
  const alg = header.alg === 'PS256' || header.alg === 'RS256' ? header.alg : undefined;
  if (!alg) return aadErrors.assertionInvalid(`The client assertion is signed with '${String(header.alg)}'; use PS256 or RS256.`);
  try {
    await jwtVerify(assertion, await importX509(certificate, alg), {
      algorithms: [alg],
      audience: tokenEndpoint,
      issuer: app.appId,
      subject: app.appId,
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ['aud', 'iss', 'sub', 'jti', 'exp', 'nbf'],
    });
    return undefined;
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return aadErrors.assertionSignature();
    if (error instanceof joseErrors.JWTExpired) return aadErrors.assertionTimeRange();
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') return aadErrors.assertionTimeRange();
    if (error instanceof joseErrors.JWTClaimValidationFailed)
      return aadErrors.assertionInvalid(`The client assertion's '${error.claim}' claim is not valid: ${error.reason}.`);
    return aadErrors.assertionInvalid('The client assertion could not be read.');
  }
}
