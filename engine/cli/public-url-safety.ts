/**
 * The public URL a real bot is started with. Graph delivers calling notifications only to an https
 * webhook and fetches prompts from the same base, so with real Azure credentials a plain-http or
 * loopback CALLFLOW_PUBLIC_URL means calls that ring and are never answered, found out on the first
 * call instead of at start. `callflow serve` refuses such a start (`--allow-insecure` turns the
 * refusal into a warning) and, once listening, tries the URL itself: a round trip to
 * `<public URL>/healthz` says whether what Graph will be told reaches this engine.
 */
import { isIP } from 'node:net';

/** Why this public URL cannot serve a real bot, with the fix; undefined when it can. */
export function publicUrlRefusal(publicUrl: string): string | undefined {
  const url = new URL(publicUrl);
  const reasons: string[] = [];
  if (url.protocol !== 'https:') reasons.push(`it is ${url.protocol.replace(':', '')}, and Graph sends calling notifications only to https webhooks`);
  if (isLoopback(url.hostname))
    reasons.push(`it names ${url.hostname}, which Graph cannot reach: it is this machine only for programs running on this machine`);
  if (!reasons.length) return undefined;
  return [
    `CALLFLOW_PUBLIC_URL=${publicUrl} cannot be the webhook of a real bot: ${reasons.join('; ')}.`,
    'Fix: set CALLFLOW_PUBLIC_URL to the https address Graph reaches this engine at (a reverse proxy or tunnel in front of it, e.g. https://bot.contoso.com),',
    'and register <that URL>/api/calling as the calling webhook. To start anyway (a test against a stand-in for Graph), add --allow-insecure.',
  ].join('\n');
}

/** localhost and its subdomains, 127.0.0.0/8, ::1 and the unspecified addresses (0.0.0.0, ::). */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const mapped = host.replace(/^::ffff:/, '');
  if (isIP(mapped) === 4) return mapped.startsWith('127.') || mapped === '0.0.0.0';
  return isIP(host) === 6 && (host === '::1' || host === '::');
}

/**
 * One GET of `<public URL>/healthz`, given `timeoutMs`; the sentence to print either way. It never
 * fails the start: a tunnel or DNS record may come up after the engine.
 */
export async function webhookReachability(publicUrl: string, timeoutMs: number): Promise<string> {
  const target = `${publicUrl.replace(/\/+$/, '')}/healthz`;
  try {
    const answer = await fetch(target, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    if (answer.ok) return `webhook reachable: GET ${target} answered ${answer.status} through the public URL`;
    return `webhook NOT confirmed: GET ${target} answered ${answer.status}; check that the public URL leads to this engine`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    return `webhook NOT reachable: GET ${target} failed (${why}); Graph will not reach this engine until the public URL leads here`;
  }
}
