/**
 * AZURE_CLIENT_CERTIFICATE_PATH: the bot's app registration proven with a certificate instead of a
 * client secret. One PEM file holds the private key (PKCS#8, PKCS#1 or SEC1; encrypted when
 * AZURE_CLIENT_CERTIFICATE_PASSWORD is set, decrypted here with node:crypto) and the certificate
 * (then any chain). msal-node signs its client assertions with the key and names the certificate by
 * its SHA-256 thumbprint (`x5t#S256`, learn.microsoft.com "Microsoft identity platform application
 * authentication certificate credentials"). The key stays in memory only; problems name the file, never its content.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A certificate credential, ready for msal-node's `clientCertificate`. */
export interface ClientCertificate {
  /** The file it was read from (absolute). */
  path: string;
  /** The private key as unencrypted PKCS#8 PEM. */
  privateKey: string;
  /** SHA-256 thumbprint of the certificate's DER, hex without separators. */
  thumbprintSha256: string;
  /** The certificate and its chain as PEM (msal-node sends it as `x5c`). */
  x5c: string;
  /** The certificate's subject, for the start-up line. */
  subject: string;
  /** When it stops being valid. */
  validTo: string;
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN (ENCRYPTED |RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/;

/** The private key and the certificate as one PEM, as @azure/identity's ClientCertificateCredential takes them. */
export function certificatePem(certificate: ClientCertificate): string {
  return `${certificate.privateKey.trim()}\n${certificate.x5c.trim()}\n`;
}

/** Reads the certificate credential at `path`; pushes a problem and returns undefined when it is unusable. */
export function readClientCertificate(path: string, password: string | undefined, problems: string[]): ClientCertificate | undefined {
  const file = resolve(path);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`AZURE_CLIENT_CERTIFICATE_PATH: '${file}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  const keyPem = PRIVATE_KEY.exec(pem)?.[0];
  const certificates = pem.match(CERTIFICATE) ?? [];
  const [first] = certificates;
  if (!keyPem || !first) {
    problems.push(`AZURE_CLIENT_CERTIFICATE_PATH: '${file}' must hold a PEM private key and the PEM certificate registered for the app`);
    return undefined;
  }
  if (keyPem.includes('ENCRYPTED') && !password) {
    problems.push(`AZURE_CLIENT_CERTIFICATE_PASSWORD: the private key in '${file}' is encrypted; set its password`);
    return undefined;
  }
  try {
    const key = createPrivateKey({ key: keyPem, format: 'pem', ...(password ? { passphrase: password } : {}) });
    const certificate = new X509Certificate(first);
    if (!certificate.checkPrivateKey(key)) {
      problems.push(`AZURE_CLIENT_CERTIFICATE_PATH: the private key in '${file}' does not belong to its first certificate`);
      return undefined;
    }
    if (key.asymmetricKeyType !== 'rsa') {
      problems.push(`AZURE_CLIENT_CERTIFICATE_PATH: the key in '${file}' is ${key.asymmetricKeyType}; Entra ID client assertions are signed with RSA keys`);
      return undefined;
    }
    return {
      path: file,
      privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      thumbprintSha256: certificate.fingerprint256.replace(/:/g, '').toLowerCase(),
      x5c: certificates.join('\n'),
      subject: certificate.subject.replace(/\n/g, ', '),
      validTo: certificate.validTo,
    };
  } catch {
    // node:crypto's message may quote the key's bytes: only say what to check.
    problems.push(
      `AZURE_CLIENT_CERTIFICATE_PATH: the key or certificate in '${file}' cannot be read${password ? ' (is AZURE_CLIENT_CERTIFICATE_PASSWORD right?)' : ''}`,
    );
    return undefined;
  }
}
