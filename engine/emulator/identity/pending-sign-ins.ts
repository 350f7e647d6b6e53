/**
 * Authorization requests waiting for the user to pick an account. The login page carries only a
 * reference to its request (the form's `ctx`, as Entra ID's own login form does), so nothing a page
 * posts can change where the code goes. A reference works once and for an hour; after that the page
 * answers AADSTS50089 (flow token expired).
 */
import { randomBytes } from 'node:crypto';
import type { AuthorizationRequest } from './auth-codes.ts';

const LIFETIME_MS = 60 * 60_000;

export class PendingSignIns {
  private readonly pending = new Map<string, { request: AuthorizationRequest; expiresAt: number }>();

  /** Keeps `request` and returns its reference. */
  add(request: AuthorizationRequest): string {
    const now = Date.now();
    for (const [ctx, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(ctx);
    const ctx = randomBytes(24).toString('base64url');
    this.pending.set(ctx, { request, expiresAt: now + LIFETIME_MS });
    return ctx;
  }

  /** The request behind `ctx`, if it is still waiting. */
  get(ctx: string | undefined): AuthorizationRequest | undefined {
    const entry = ctx ? this.pending.get(ctx) : undefined;
    return entry && entry.expiresAt > Date.now() ? entry.request : undefined;
  }

  /** Ends the wait (the user chose an account or cancelled). */
  remove(ctx: string): void {
    this.pending.delete(ctx);
  }
}
