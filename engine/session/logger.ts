/**
 * Structured logs (pino, JSON lines on stdout). The engine logs each call's trace entries, so the
 * log, `GET /api/calls/:id/trace` and the editor's replay show the same facts; every line written
 * while the engine works for a call carries that call's session id, Graph call id, chain id and
 * scenario id (call-log-context.ts), so one call's lines are found by any of them.
 */
import { pino, type Logger } from 'pino';
import { callLogFields } from './call-log-context.ts';

export type { Logger };

/** A logger at `level`; `destination` defaults to stdout. */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { app: 'callflow' }, mixin: callLogFields };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });
