/**
 * Structured logs (pino, JSON lines on stdout). The engine logs each call's trace entries with the
 * call id, so the log, `GET /api/calls/:id/trace` and the editor's replay show the same facts.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** A logger at `level`; `destination` defaults to stdout. */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { app: 'callflow' } };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });
