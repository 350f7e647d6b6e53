/**
 * The msal-node authority settings for an Entra host and tenant. A non-Microsoft authority (the
 * emulator) has no instance-discovery endpoint; naming it as known makes msal read its OpenID
 * document directly (graph-calls.md §9).
 */
const MICROSOFT_LOGIN_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']);

export function msalAuthority(authorityHost: string, tenantId: string): { authority: string; knownAuthorities?: string[] } {
  const host = new URL(authorityHost);
  return { authority: `${authorityHost}/${tenantId}`, ...(MICROSOFT_LOGIN_HOSTS.has(host.hostname) ? {} : { knownAuthorities: [host.host] }) };
}
