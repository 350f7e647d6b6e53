/**
 * A certificate-backed RS256 signing key and its public JWK, as the real key documents publish
 * them (`kid` = `x5t`, the certificate's SHA-1 thumbprint, and `x5c`).
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { exportJWK, type JWK } from 'jose';

/** A private key to sign with and the JWK that verifies it. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: JWK;
}

/** Loads a key pair written by ensureCertificates. */
export async function loadSigningKey(certPath: string, keyPath: string): Promise<SigningKey> {
  const certificate = new X509Certificate(readFileSync(certPath));
  const privateKey = createPrivateKey(readFileSync(keyPath));
  const x5t = createHash('sha1').update(certificate.raw).digest('base64url');
  const publicKey = createPublicKey(privateKey);
  const jwk = await exportJWK(publicKey);
  return {
    kid: x5t,
    privateKey,
    publicKey,
    jwk: { kty: jwk.kty, use: 'sig', kid: x5t, x5t, n: jwk.n, e: jwk.e, x5c: [certificate.raw.toString('base64')], alg: 'RS256' },
  };
}
