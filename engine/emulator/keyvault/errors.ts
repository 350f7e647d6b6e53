/**
 * Key Vault's error answers, `{"error": {"code", "message", "innererror"?}}`, with the wording
 * the service is seen to use. Sources:
 * - 401 challenge: Azure/azure-sdk-for-js keyvault-secrets test recordings
 *   (challenge_based_authentication_tests): `WWW-Authenticate: Bearer
 *   authorization="https://login.windows.net/{tenant}", resource="https://vault.azure.net"` and
 *   `{"error":{"code":"Unauthorized","message":"Request is missing a Bearer or PoP token."}}`;
 *   the emulator names its own authority (AZURE_AUTHORITY_HOST/{tenant}) instead.
 * - 404: Azure/azure-sdk-for-js issue 25489 (`SecretNotFound`, "A secret with (name/id) … was not
 *   found in this key vault. …").
 * - 403: MicrosoftDocs/azure-docs issue 57072 and turbot/steampipe-plugin-azure issue 127
 *   (`Forbidden`, "The user, group or application 'appid=…;oid=…;iss=…' does not have secrets get
 *   permission on key vault '…'", innererror `AccessDenied`).
 * Where no source shows the wording (a token for another resource, a missing api-version) the
 * emulator says what is wrong in the same shape.
 */

export interface VaultError {
  status: number;
  code: string;
  message: string;
  inner?: string;
}

export const vaultErrors = {
  missingToken: (): VaultError => ({ status: 401, code: 'Unauthorized', message: 'Request is missing a Bearer or PoP token.' }),
  invalidToken: (reason: string): VaultError => ({ status: 401, code: 'Unauthorized', message: `The access token is not valid for this vault (${reason}).` }),
  forbidden: (appId: string, tenantId: string, vault: string): VaultError => ({
    status: 403,
    code: 'Forbidden',
    message: `The user, group or application 'appid=${appId};oid=${appId};iss=https://sts.windows.net/${tenantId}/' does not have secrets get permission on key vault '${vault};location=emulator'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
    inner: 'AccessDenied',
  }),
  notFound: (name: string): VaultError => ({
    status: 404,
    code: 'SecretNotFound',
    message: `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
  }),
  badParameter: (message: string): VaultError => ({ status: 400, code: 'BadParameter', message }),
};

export function vaultErrorBody(error: VaultError): Record<string, unknown> {
  return { error: { code: error.code, message: error.message, ...(error.inner ? { innererror: { code: error.inner } } : {}) } };
}
