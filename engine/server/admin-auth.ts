/**
 * Who may change files through the API: with CALLFLOW_ADMIN_TOKEN set, requests that carry
 * `Authorization: Bearer <token>`; without it, only requests from this machine, so a fresh checkout
 * works locally without exposing writes on a network. A browser page from another site cannot
 * write either: its requests carry a foreign Origin.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function foreignOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.get('host');
  } catch {
    return true;
  }
}

export function requireAdmin(req: Request, res: Response, next: NextFunction): void {
  const refuse = (status: number, code: string, message: string) => void res.status(status).json({ error: { code, message } });
  if (foreignOrigin(req)) return refuse(403, 'forbidden', `requests from ${req.get('origin')} may not change flows`);
  const token = process.env.CALLFLOW_ADMIN_TOKEN;
  if (token) {
    if (sameSecret(req.get('authorization') ?? '', `Bearer ${token}`)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="callflow"');
    return refuse(401, 'unauthorized', 'saving needs the admin token: send Authorization: Bearer <CALLFLOW_ADMIN_TOKEN>');
  }
  if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return next();
  refuse(403, 'forbidden', 'CALLFLOW_ADMIN_TOKEN is not set, so only requests from this machine may change flows');
}
