/**
 * Check 8: this machine's clock against Microsoft's, read from the `Date` header of Graph (or,
 * when Graph does not answer, of the token endpoint's metadata). The bound is 60 s: the engine
 * accepts notification tokens with 300 s of skew on exp/nbf (NotificationTokenVerifier's
 * clockTolerance), past which every notification is refused; and `schedule` blocks decide on this
 * clock, so a minute off already opens or closes a line at the wrong time. The header has one-second
 * resolution; the server's time is taken as the middle of that second at the middle of the round trip.
 */
import { fail, fetchWithin, networkReason, pass, type CheckResult, type Deployment } from './check.ts';

export const CLOCK_SKEW_BOUND_MS = 60_000;

export async function checkClock({ config }: Deployment): Promise<CheckResult> {
  const tenant = config.azure?.tenantId ?? 'common';
  const authority = config.azure?.authorityHost ?? 'https://login.microsoftonline.com';
  const sources = [`${config.graphBaseUrl}/`, `${authority}/${tenant}/v2.0/.well-known/openid-configuration`];
  const reasons: string[] = [];
  for (const url of sources) {
    try {
      const sent = Date.now();
      const response = await fetchWithin(url);
      const received = Date.now();
      await response.body?.cancel();
      const date = Date.parse(response.headers.get('date') ?? '');
      if (Number.isNaN(date)) {
        reasons.push(`${url}: no Date header`);
        continue;
      }
      const skew = Math.round((sent + received) / 2 - (date + 500));
      const within = `${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'ahead of' : 'behind'} ${new URL(url).host}`;
      if (Math.abs(skew) <= CLOCK_SKEW_BOUND_MS) return pass('clock', `this machine's clock is ${within} (bound ${CLOCK_SKEW_BOUND_MS / 1000} s)`);
      return fail(
        'clock',
        `this machine's clock is ${within}, past the bound of ${CLOCK_SKEW_BOUND_MS / 1000} s (notifications are refused past 300 s; schedules decide on this clock)`,
        'Synchronise the clock with NTP (timedatectl set-ntp true, or chrony/systemd-timesyncd) and check the host or hypervisor clock of containers and VMs.',
      );
    } catch (error) {
      reasons.push(`${url}: ${networkReason(error)}`);
    }
  }
  return fail(
    'clock',
    `no Date header to compare with: ${reasons.join('; ')}`,
    'Make sure this machine reaches GRAPH_BASE_URL or AZURE_AUTHORITY_HOST over https.',
  );
}
