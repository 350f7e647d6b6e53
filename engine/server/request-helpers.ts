/** What the editing routes share: error answers, If-Match versions, and who made a change. */
import type { Request, Response } from 'express';

export function fail(res: Response, status: number, code: string, message: string, extra: object = {}): void {
  res.status(status).json({ error: { code, message }, ...extra });
}

/** The If-Match header without quotes or weak marker. */
export function expectedVersion(req: Request): string | undefined {
  return req.get('if-match')?.replace(/^W\//, '').replace(/"/g, '').trim() || undefined;
}

/** Who made a change: named in the body until sign-in names people (the editor sends it). */
export function authorOf(req: Request): string {
  const given = (req.body as { author?: unknown } | undefined)?.author;
  return typeof given === 'string' && given.trim() ? given.trim().slice(0, 200) : 'editor';
}
