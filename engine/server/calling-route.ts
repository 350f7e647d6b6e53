/**
 * `POST /api/calling`: Graph's notification webhook (design §5, graph-calls.md §3–§4). The bearer
 * token is checked before a byte of the body is read (401 not authentic, 403 not for this bot),
 * then the content type (415), the size (413 past 1 MB) and the envelope (400). A valid batch is
 * stored in its calls' inboxes and only then answered 202 — an acknowledged notification survives
 * a crash — and applied in the background; if the store cannot take it the answer is 503, so the
 * sender may try again. A legacy-format first notification is answered 204 so Graph re-sends it
 * in its own format. While the engine hands its calls over (SIGTERM) every notification gets 503 with
 * Retry-After before its token is checked, so it goes to another engine.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { NotificationTokenError } from '../graph/auth/notification-token.ts';
import { parseEnvelope } from '../graph/notifications/envelope.ts';
import { SESSION_PARAM } from '../graph/effects/graph-effects.ts';
import type { CallEngine } from './call-engine.ts';

export const NOTIFICATION_BODY_LIMIT = '1mb';

function refuse(res: Response, status: number, code: string, message: string): void {
  // The body may not have been read: close the connection instead of draining it.
  res.set('Connection', 'close').status(status).json({ error: { code, message } });
}

export function callingRoute(engine: CallEngine | undefined): Router {
  const router = Router();
  const json = express.json({ limit: NOTIFICATION_BODY_LIMIT, type: () => true });

  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    if (!engine) return refuse(res, 503, 'notConfigured', 'Graph calling is not configured (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)');
    // Handing over (SIGTERM): the sender tries again, and a balancer sends it to another engine.
    if (engine.sessions.draining) {
      engine.metrics.notification('unavailable');
      res.set('Retry-After', '1');
      return refuse(res, 503, 'draining', 'this engine is handing its calls over; send the notification again');
    }
    try {
      await engine.verifier.verify(req.get('authorization'));
    } catch (error) {
      if (!(error instanceof NotificationTokenError)) return next(error);
      engine.metrics.notification(error.status === 401 ? 'unauthorized' : error.status === 403 ? 'forbidden' : 'unavailable');
      engine.logger.warn({ status: error.status, reason: error.message, from: req.socket.remoteAddress }, 'notification refused');
      if (error.status === 401) res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return refuse(res, error.status, error.status === 503 ? 'unavailable' : error.status === 401 ? 'unauthorized' : 'forbidden', error.message);
    }
    if (!req.is('application/json')) {
      engine.metrics.notification('invalid');
      return refuse(res, 415, 'unsupportedMediaType', `notifications must be application/json, not ${req.get('content-type') ?? 'without a content type'}`);
    }
    next();
  };

  const accept = async (req: Request, res: Response) => {
    const envelope = parseEnvelope(req.body);
    if (envelope.kind === 'invalid') {
      engine!.metrics.notification('invalid');
      return void res.status(400).json({ error: { code: 'badRequest', message: envelope.message } });
    }
    if (envelope.kind === 'legacy') {
      engine!.metrics.notification('legacy');
      return void res.status(204).end();
    }
    const sessionHint = typeof req.query[SESSION_PARAM] === 'string' ? req.query[SESSION_PARAM] : undefined;
    // Graph's correlation of the POST (graph-calls.md §3.1: the headers seen on real notifications).
    const chainId = req.get('x-microsoft-skype-chain-id') || undefined;
    const scenarioId = req.get('scenario-id') || undefined;
    const correlation = chainId || scenarioId ? { ...(chainId ? { chainId } : {}), ...(scenarioId ? { scenarioId } : {}) } : undefined;
    const stored = envelope.notifications.map(({ notification, callId }) => {
      if (callId) return engine!.sessions.accept(notification, { graphCallId: callId, sessionHint, ...(correlation ? { correlation } : {}) });
      engine!.logger.info({ resourceUrl: notification.resourceUrl, changeType: notification.changeType }, 'notification without a call id ignored');
      return undefined;
    });
    try {
      await Promise.all(stored);
    } catch (error) {
      engine!.metrics.notification('unavailable');
      engine!.logger.error({ err: error }, 'notification could not be stored');
      return void res
        .status(503)
        .set('Retry-After', '1')
        .json({ error: { code: 'unavailable', message: 'the notification could not be stored; send it again' } });
    }
    engine!.metrics.notification('accepted');
    // As Microsoft's calling SDK answers (graph-calls.md §3.1, SDK log in comms-samples#191): the
    // message id back as client-request-id, and the scenario id.
    const messageId = req.get('x-microsoft-skype-message-id');
    if (messageId) res.set('client-request-id', messageId);
    if (scenarioId) res.set('scenario-id', scenarioId);
    res.status(202).end();
  };

  const bodyErrors = (error: { type?: string; status?: number; message?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type?.startsWith('entity.')) engine?.metrics.notification('invalid');
    if (error.type === 'entity.too.large') return refuse(res, 413, 'payloadTooLarge', `a notification body may have at most ${NOTIFICATION_BODY_LIMIT}`);
    if (error.type === 'entity.parse.failed') return refuse(res, 400, 'badRequest', `the body is not valid JSON: ${error.message}`);
    if (error.status && error.status >= 400 && error.status < 500) return refuse(res, error.status, 'badRequest', error.message ?? 'bad request');
    next(error);
  };

  router.post('/api/calling', authenticate, json, accept, bodyErrors);
  return router;
}
