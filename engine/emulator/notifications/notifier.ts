/**
 * Delivers notifications to bots: POSTs to the call's callbackUri, signed with a notification JWT,
 * with the headers observed from the real service (graph-calls.md §3.1). Notifications of one call
 * go out one after another, in order, unless a fault reorders them; a call drawn to get batches
 * (variations.ts `notificationBatches`) has the notifications that waited meanwhile sent together,
 * one to five per POST, as the commsNotifications collection allows;
 * the bot's HTTP answer is recorded in the call log. Region-affinity redirects (302/307 with
 * Location) are followed, and a 204 to a legacy-format first notification triggers the Graph-format
 * re-send (§4.3).
 *
 * A notification the bot fails — a 5xx or 429, or no answer in time — is delivered again with
 * exponential backoff for up to 4 hours, the call's later notifications waiting behind it, on a call
 * drawn to get retries (variations.ts `notificationRetry`; the other behaviour is one try). Microsoft
 * documents this for Graph's change notifications ("If the notification isn't persisted, return a
 * 5xx class code to indicate an error so that Microsoft Graph can retry the notification"; without a
 * 2xx "it tries to resend the change notification multiple times, for up to 4 hours":
 * https://learn.microsoft.com/graph/change-notifications-delivery-webhooks, "Processing the change
 * notification"); for calling webhooks it documents no policy of its own (graph-calls.md §5.2), so the
 * emulator follows that one. The incoming-call notification is the exception: it must be acknowledged
 * within about 5 s or the call is dropped (README, "Acknowledging an incoming call").
 */
import type { Clock } from '../clock.ts';
import type { FaultBook } from '../faults.ts';
import { send } from '../http-client.ts';
import type { IdSource } from '../ids.ts';
import type { EmulatedCall } from '../model/call.ts';
import type { Variations } from '../variations.ts';
import { graphEnvelope, legacyEnvelope, type CommsNotification } from './format.ts';
import { GRAPH_NOTIFICATION_ISSUER, NOTIFICATION_ISSUER, type NotificationSigner } from './signer.ts';

/** What the notifier needs. */
export interface NotifierDependencies {
  signer: NotificationSigner;
  clock: Clock;
  ids: IdSource;
  faults: FaultBook;
  timeoutMs: number;
  /** The deadline of the incoming-call notification (documented: about 5 s). */
  offerTimeoutMs: number;
  /** How many times a failed notification (the incoming call's too) is sent again; default: the incoming call's never, others within RETRY_WINDOW_MS. */
  retries?: number;
  variations: Variations;
  callbackCa?: string;
  log: (line: string) => void;
  /**
   * The bot did not acknowledge (2xx) an incoming-call notification in time: the service counts it
   * unreachable (README, "Acknowledging an incoming call").
   */
  onUnacknowledged?: (call: EmulatedCall) => void;
}

interface Delivery {
  call: EmulatedCall;
  url: string;
  notification: CommsNotification;
  first: boolean;
}

const MAX_REDIRECTS = 3;
/** Emulated milliseconds a failed notification is retried for ("for up to 4 hours"). */
const RETRY_WINDOW_MS = 4 * 60 * 60_000;
/** The first wait before a retry, doubled after each failure up to RETRY_MAX_WAIT_MS (emulator choice: the intervals are not documented). */
const RETRY_FIRST_WAIT_MS = 1_000;
const RETRY_MAX_WAIT_MS = 5 * 60_000;
/** Real milliseconds a batch waits for more notifications of its call. */
const BATCH_WINDOW_MS = 60;

/** Queues and delivers notifications. */
export class Notifier {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly held = new Map<string, { delivery: Delivery; flush: () => void }>();
  private readonly started = new Set<string>();
  /** Notifications queued per call and not yet taken by a POST. */
  private readonly waiting = new Map<string, Delivery[]>();
  /** POSTs made per call, numbering the batch-size draws. */
  private readonly posts = new Map<string, number>();

  constructor(private readonly deps: NotifierDependencies) {}

  /** Queues a notification for the call's current callbackUri. */
  send(call: EmulatedCall, notification: CommsNotification): void {
    const first = !this.started.has(call.id);
    this.started.add(call.id);
    const delivery: Delivery = { call, url: call.callbackUri, notification, first };
    const faults = this.deps.faults.notificationFaults(call.id);
    if (!faults.reorder) return this.enqueue(delivery);
    const held = this.held.get(call.id);
    if (held) {
      this.held.delete(call.id);
      this.enqueue(delivery);
      this.enqueue(held.delivery);
      return;
    }
    // Hold this one until the next notification of the call, or release it after a while.
    const timer = this.deps.clock.after(1000, () => {
      if (this.held.get(call.id)?.delivery === delivery) {
        this.held.delete(call.id);
        this.enqueue(delivery);
      }
    });
    this.held.set(call.id, { delivery, flush: () => timer.cancel() });
  }

  /** Resolves when every queued notification has been delivered or has failed. */
  async idle(): Promise<void> {
    for (const [callId, held] of this.held) {
      held.flush();
      this.held.delete(callId);
      this.enqueue(held.delivery);
    }
    await Promise.all([...this.queues.values()]);
  }

  /** Queues the delivery; each turn of the call's chain POSTs what has waited by then (one, or a batch). */
  private enqueue(delivery: Delivery): void {
    const callId = delivery.call.id;
    const waiting = this.waiting.get(callId) ?? [];
    waiting.push(delivery);
    this.waiting.set(callId, waiting);
    const previous = this.queues.get(callId) ?? Promise.resolve();
    const next = previous
      .then(() => this.deliverNext(callId))
      .catch((error: unknown) => this.deps.log(`notification delivery crashed: ${(error as Error).message}`));
    this.queues.set(callId, next);
  }

  /** Takes the next notification and, for a call that gets batches, those waiting behind it for the same URL. */
  private async deliverNext(callId: string): Promise<void> {
    const queued = this.waiting.get(callId);
    if (!queued?.length) return;
    const post = (this.posts.get(callId) ?? 0) + 1;
    this.posts.set(callId, post);
    const batched = this.deps.variations.of('notificationBatches', callId) === 'batched';
    // The draw caps the batch at two to five: a POST still carries one notification when nothing
    // else came within the window, so such a call sees batches of one to five, and any two
    // notifications produced within a moment of each other are sure to share a POST.
    const room = batched && !queued[0].first ? this.deps.variations.count('notificationBatches', callId, post, 2, 5) : 1;
    // A batch gathers what the call produces within a moment, as a service batching its sends would.
    if (room > queued.length) await new Promise((wait) => setTimeout(wait, BATCH_WINDOW_MS));
    let taken = 1;
    while (taken < room && taken < queued.length && queued[taken].url === queued[0].url && !queued[taken].first) taken++;
    const batch = queued.splice(0, taken);
    if (!queued.length) this.waiting.delete(callId);
    await this.deliver(batch);
  }

  private async deliver(batch: Delivery[]): Promise<void> {
    const [delivery] = batch;
    const faults = this.deps.faults.notificationFaults(delivery.call.id);
    if (faults.delayMs) await this.deps.clock.sleep(faults.delayMs);
    const offer = delivery.first && delivery.notification.changeType === 'created';
    if (offer && faults.legacyFirstNotification) {
      const status = await this.post(delivery, legacyEnvelope(delivery.notification), 'legacy', false, 1, this.deps.offerTimeoutMs);
      if (status !== 204) {
        delivery.call.log.add({ kind: 'event', event: 'legacyNotificationNotConverted', detail: { status } });
        if (!acknowledged(status)) this.unacknowledged(delivery.call, status);
        return;
      }
    }
    const notifications = batch.map((item) => item.notification);
    const status = await this.post(
      delivery,
      graphEnvelope(notifications, faults),
      'graph',
      false,
      notifications.length,
      offer ? this.deps.offerTimeoutMs : this.deps.timeoutMs,
    );
    if (offer && !acknowledged(status)) this.unacknowledged(delivery.call, status);
    if (faults.duplicate) await this.post(delivery, graphEnvelope(notifications, faults), 'graph', true, notifications.length);
  }

  private unacknowledged(call: EmulatedCall, status: number): void {
    call.log.add({ kind: 'event', event: 'offerNotAcknowledged', detail: { status } });
    this.deps.onUnacknowledged?.(call);
  }

  /** POSTs one body (with retries and redirects); returns the final status, 0 when none came back. */
  private async post(
    delivery: Delivery,
    body: object,
    format: 'graph' | 'legacy',
    duplicate: boolean,
    count = 1,
    timeoutMs = this.deps.timeoutMs,
  ): Promise<number> {
    const { call } = delivery;
    const payload = JSON.stringify(body);
    let url = delivery.url;
    let status = 0;
    // Unless a count is set, the incoming-call notification is acknowledged within its deadline or not at all.
    const offer = delivery.first && delivery.notification.changeType === 'created';
    const retried = this.deps.variations.of('notificationRetry', call.id) === 'backoff';
    const retries = this.deps.retries ?? (offer || !retried ? 0 : Number.POSITIVE_INFINITY);
    const giveUpAt = this.deps.clock.now() + RETRY_WINDOW_MS;
    for (let attempt = 1, redirects = 0, wait = RETRY_FIRST_WAIT_MS; attempt <= retries + 1; attempt += 1) {
      if (attempt > 1) {
        if (this.deps.clock.now() + wait > giveUpAt) break;
        await this.deps.clock.sleep(wait);
        wait = Math.min(wait * 2, RETRY_MAX_WAIT_MS);
      }
      const messageId = this.deps.ids.next('message');
      const started = Date.now();
      const entry = {
        kind: 'notification' as const,
        messageId,
        url,
        format,
        changeType: delivery.notification.changeType,
        resourceUrl: delivery.notification.resourceUrl,
        body,
        attempt,
        duplicate,
        ...(count > 1 ? { batch: count } : {}),
      };
      try {
        const issuer = this.deps.variations.of('notificationIssuer', call.id) === 'graph' ? GRAPH_NOTIFICATION_ISSUER : NOTIFICATION_ISSUER;
        const token = await this.deps.signer.sign(call.app.appId, call.tenantId, issuer);
        const res = await send({
          url,
          method: 'POST',
          body: payload,
          ca: this.deps.callbackCa,
          timeoutMs,
          headers: {
            Accept: 'application/json',
            Authorization: `Bearer ${token}`,
            'User-Agent': 'Microsoft-Skype/3.0,(Calling/1.0)',
            'X-Microsoft-Skype-Chain-ID': call.callChainId,
            'X-Microsoft-Skype-Message-ID': messageId,
            'Scenario-ID': call.scenarioId,
            'Content-Type': 'application/json; charset=utf-8',
          },
        });
        status = res.status;
        call.log.add({ ...entry, status, response: res.body.toString('utf8').slice(0, 2000), durationMs: Date.now() - started });
        const location = res.headers.location;
        if ((status === 302 || status === 307) && location && redirects < MAX_REDIRECTS && delivery.notification.changeType === 'created') {
          url = new URL(location, url).toString();
          redirects += 1;
          attempt -= 1;
          continue;
        }
        if (status < 500 && status !== 429) return status;
      } catch (error) {
        call.log.add({ ...entry, error: (error as Error).message, durationMs: Date.now() - started });
        this.deps.log(`notification to ${url} failed: ${(error as Error).message}`);
      }
    }
    return status;
  }
}

/** A 2xx answer acknowledges a notification; a timeout (0), a refusal or a server error does not. */
function acknowledged(status: number): boolean {
  return status >= 200 && status < 300;
}
