/**
 * What the token endpoint's AADSTS codes mean for a bot's deployment, and how to fix each. The
 * meanings are Microsoft's: the AADSTS reference
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes; the current text of
 * any code at https://login.microsoftonline.com/error?code=<number>) and the sentences Entra ID
 * sends with them, e.g. 7000222 "The provided client secret keys for app '…' are expired. Visit the
 * Azure portal to create new keys for your app: https://aka.ms/NewClientSecret". Codes not listed
 * here are explained by Entra ID's own sentence and the error page link.
 */

interface Explanation {
  meaning: string;
  fix: string;
}

const EXPLANATIONS: Record<number, Explanation> = {
  // InvalidClientSecretProvided.
  7000215: {
    meaning: 'the client secret is wrong',
    fix: "Set AZURE_CLIENT_SECRET to the secret's Value (shown once, when it is created), not its Secret ID; create a new one under App registrations › Certificates & secrets if the value is lost.",
  },
  // InvalidClientSecretExpiredKeysProvided.
  7000222: {
    meaning: 'the client secret has expired',
    fix: 'Create a new client secret under App registrations › Certificates & secrets (https://aka.ms/NewClientSecret), set AZURE_CLIENT_SECRET to its Value and restart the engine; note the new expiry date.',
  },
  // MissingClientSecret (client_secret or client_assertion absent).
  7000218: {
    meaning: 'no client secret was sent',
    fix: "Set AZURE_CLIENT_SECRET to the app registration's client secret value.",
  },
  // UnauthorizedClient_DoesNotMatchRequest: the app is not in the directory the request named.
  700016: {
    meaning: 'the app (AZURE_CLIENT_ID) was not found in the tenant (AZURE_TENANT_ID)',
    fix: "Check that AZURE_CLIENT_ID is the app registration's Application (client) ID and AZURE_TENANT_ID the tenant it is registered in; a multi-tenant app needs an admin's consent in this tenant first.",
  },
  // InvalidTenantName: the tenant is not in the data store.
  90002: {
    meaning: 'the tenant (AZURE_TENANT_ID) was not found',
    fix: "Set AZURE_TENANT_ID to the Directory (tenant) ID shown on the app registration's Overview page, and AZURE_AUTHORITY_HOST to the cloud it lives in (https://login.microsoftonline.com unless it is a national cloud).",
  },
  // InvalidTenantIdentifier: neither a GUID nor a domain.
  900023: {
    meaning: 'AZURE_TENANT_ID is neither a tenant GUID nor a domain name',
    fix: "Set AZURE_TENANT_ID to the Directory (tenant) ID (a GUID) from the app registration's Overview page.",
  },
  // InvalidResource / invalid_scope for client credentials.
  1002012: {
    meaning: 'the scope was refused',
    fix: 'The engine asks for https://graph.microsoft.com/.default; check that AZURE_AUTHORITY_HOST is an Entra ID authority.',
  },
};

export interface AadFailure {
  code: number;
  /** `AADSTS<code>: <what it means>`: never the secret, which Entra ID does not echo. */
  detail: string;
  fix: string;
}

/** The AADSTS code in an msal-node error, with what it means and the fix; undefined when there is none. */
export function explainAadError(message: string): AadFailure | undefined {
  const match = /AADSTS(\d+):?\s*([^\r\n]*)/.exec(message);
  if (!match) return undefined;
  const code = Number(match[1]);
  // Entra ID's own sentence, up to its trace lines (cut at "Trace ID" when msal joined them in one line).
  const said = match[2].split(/\s*Trace ID:/)[0].trim();
  const known = EXPLANATIONS[code];
  if (known) return { code, detail: `AADSTS${code}: ${known.meaning} (Entra ID: "${said}")`, fix: known.fix };
  return {
    code,
    detail: `AADSTS${code}: ${said}`,
    fix: `Look the code up at https://login.microsoftonline.com/error?code=${code} and correct the app registration or the AZURE_* variables it names.`,
  };
}
