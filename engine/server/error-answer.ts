/**
 * The last word on any request that failed: always JSON, never express's HTML page, never a stack
 * or a path of this machine. A body that is not JSON is the sender's mistake (400), one too large
 * 413, one in an encoding we do not read 415; anything else is ours (500) and is logged with an id
 * the answer repeats, so an operator can find it without the answer telling a stranger anything.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../session/logger.ts';

/** The fields body-parser (and http-errors) set on the errors it raises. */
interface HttpError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

const SENDER_MISTAKES: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'badJson', message: 'the body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'tooLarge', message: 'the body is larger than this route accepts' },
  'encoding.unsupported': { status: 415, code: 'unsupportedEncoding', message: 'the body is in a content encoding this route does not read' },
  'charset.unsupported': { status: 415, code: 'unsupportedCharset', message: 'the body is in a character set this route does not read' },
  'request.aborted': { status: 400, code: 'aborted', message: 'the request was aborted before its body arrived' },
  'request.size.invalid': { status: 400, code: 'badLength', message: 'the body is not as long as its Content-Length says' },
};

export function errorAnswer(logger?: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = (error ?? {}) as HttpError;
    const mistake = known.type ? SENDER_MISTAKES[known.type] : undefined;
    if (mistake) return void res.status(mistake.status).json({ error: { code: mistake.code, message: mistake.message } });
    const status = known.status ?? known.statusCode;
    if (status && status >= 400 && status < 500 && known.expose)
      return void res.status(status).json({ error: { code: 'badRequest', message: String(known.message ?? 'bad request') } });
    const id = randomUUID();
    logger?.error(
      {
        id,
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched',
        error: error instanceof Error ? error.message : String(error),
      },
      'request.failed',
    );
    res.status(500).json({ error: { code: 'internal', message: `the engine could not answer this request (error ${id} in its log)` } });
  };
}
