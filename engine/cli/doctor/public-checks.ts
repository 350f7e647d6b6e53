/**
 * Checks 3–5: what Graph reaches through CALLFLOW_PUBLIC_URL. Graph posts notifications to the
 * callbackUri, an "HTTPS URL where this call's notifications go" (Graph call resource,
 * graph-calls.md §1), and downloads prompts from the URIs in play requests without credentials; so
 * the public URL must be https, answer /healthz, route /api/calling to an engine that refuses an
 * unsigned notification (401), and serve a prompt the flows play at the signed link Graph is given.
 * The emulator accepts http callbacks on loopback addresses (its allowHttpLoopbackCallbacks), so
 * against it a local http URL passes.
 */
import { PromptLinks } from '../../graph/requests/prompt-links.ts';
import { promptMediaInfo } from '../../graph/requests/media.ts';
import { fail, fetchWithin, networkReason, pass, type CheckResult, type Deployment } from './check.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why nothing usable answered at `url`, with the fix. */
function unreachable(id: 'public-url' | 'webhook' | 'prompts', url: string, error: unknown): CheckResult {
  const reason = networkReason(error);
  const tls = /CERT|SSL|TLS|self.signed|UNABLE_TO/i.test(reason);
  return fail(
    id,
    `${url}: ${reason}`,
    tls
      ? 'The certificate is not trusted: Graph needs one from a public certificate authority for the host in CALLFLOW_PUBLIC_URL.'
      : 'Nothing answered there: start the engine (callflow serve) and make sure the proxy or tunnel behind CALLFLOW_PUBLIC_URL forwards to its PORT.',
  );
}

export async function checkPublicUrl({ config, microsoftGraph }: Deployment): Promise<CheckResult> {
  const url = new URL(config.publicUrl);
  if (url.protocol !== 'https:' && (microsoftGraph || !LOOPBACK.has(url.hostname)))
    return fail(
      'public-url',
      `CALLFLOW_PUBLIC_URL ${config.publicUrl} is not https: Graph sends notifications and fetches prompts only over https`,
      'Put the engine behind TLS with a publicly trusted certificate (a reverse proxy or a tunnel) and set CALLFLOW_PUBLIC_URL to its https:// address.',
    );
  const healthz = `${config.publicUrl}/healthz`;
  const started = Date.now();
  try {
    const response = await fetchWithin(healthz);
    if (response.status !== 200)
      return fail(
        'public-url',
        `GET ${healthz} answered ${response.status}`,
        'Whatever answers there is not the engine: point the proxy or tunnel behind CALLFLOW_PUBLIC_URL at the engine, paths unchanged.',
      );
    return pass('public-url', `GET ${healthz} answered 200 in ${Date.now() - started} ms`);
  } catch (error) {
    return unreachable('public-url', healthz, error);
  }
}

export async function checkWebhook({ config }: Deployment): Promise<CheckResult> {
  const webhook = `${config.publicUrl}/api/calling`;
  let status: number;
  try {
    // A well-formed but empty batch, without the Authorization header Graph always sends.
    status = (await fetchWithin(webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"value":[]}' })).status;
  } catch (error) {
    return unreachable('webhook', webhook, error);
  }
  if (status === 401) return pass('webhook', `an unsigned POST ${webhook} was refused with 401`);
  if (status >= 200 && status < 300)
    return fail(
      'webhook',
      `an unsigned POST ${webhook} was accepted (${status}): anyone could send this bot notifications`,
      'Route /api/calling to the engine unchanged (its notification check answers 401); whatever answers there now must not accept notifications itself.',
    );
  if (status === 503)
    return fail(
      'webhook',
      `POST ${webhook} answered 503`,
      'The engine has no Graph credentials or cannot read the notification signing keys (CALLFLOW_NOTIFICATION_OPENID_URL).',
    );
  return fail(
    'webhook',
    `an unsigned POST ${webhook} answered ${status}, not 401`,
    'Route POST /api/calling through the proxy or tunnel to the engine, with its Authorization header.',
  );
}

export async function checkPrompts({ config, flows }: Deployment): Promise<CheckResult> {
  const file = flows.flows.flatMap((flow) => Object.values(flow.prompts ?? {}).flatMap((locales) => Object.values(locales).flatMap((p) => p.file ?? [])))[0];
  if (!file) return pass('prompts', `no flow in ${flows.source} plays a recorded prompt file (synthesized prompts are served from the same /prompts path)`);
  // The link exactly as a play request gives it to Graph: signed with the key the engine derives from its credentials.
  const links = config.azure ? PromptLinks.forCredentials(config.azure) : undefined;
  const uri = promptMediaInfo(config.publicUrl, file, links).uri;
  // Shown without its signature: the link opens the file to anyone who has it.
  const shown = uri.replace(/\?.*$/, '');
  try {
    const response = await fetchWithin(uri);
    const type = response.headers.get('content-type') ?? 'no content type';
    await response.body?.cancel();
    if (response.status === 200 && /^audio\//.test(type)) return pass('prompts', `GET ${shown} (signed as Graph gets it) answered 200 ${type}`);
    return fail(
      'prompts',
      `GET ${shown} (signed as Graph gets it) answered ${response.status} ${type}, not a WAV`,
      `Forward /prompts to the engine through CALLFLOW_PUBLIC_URL and keep ${file} in the flows folder (CALLFLOW_FLOWS_DIR) of every engine.`,
    );
  } catch (error) {
    return unreachable('prompts', shown, error);
  }
}
