/**
 * Who is using the editor, as the engine sees it (`GET /auth/me`): a signed-in person with their
 * roles, the admin token this tab was given, this machine (local mode), or nobody. The engine
 * decides every request; this store only lets the editor say in advance what a person may do,
 * send the session's CSRF token with changes, and show the sign-in screen when the engine asks.
 */
import type { Role } from '../../../engine/core/roles.ts';

const TOKEN_KEY = 'callflow.adminToken';
/** The header a signed-in page sends with every change (engine/server/access/identity.ts). */
const CSRF_HEADER = 'x-callflow-csrf';

export interface Me {
  signedIn: boolean;
  name?: string;
  roles?: Role[];
  /** Every role those roles grant (the engine works out what implies what). */
  may?: Role[];
  /** How the engine knows this browser: a session, a token, or this machine. */
  via?: 'session' | 'token' | 'local';
  csrf?: string;
  /** Where to sign in, or null when the engine offers no sign-in. */
  signIn: string | null;
  /** Why nobody is known, when nobody is. */
  why?: string;
}

export interface AccessState {
  me?: Me;
  /** The engine refused a request because nobody is known: the sign-in screen shows this reason. */
  needed?: string;
}

export class AccessStore {
  state: AccessState = {};
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  setToken(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  }

  forgetToken(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  }

  /** The headers every request carries: the tab's token, and on changes the session's CSRF token. */
  headersFor(method: string): Record<string, string> {
    const token = this.token();
    const csrf = this.state.me?.csrf;
    return {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(csrf && !['GET', 'HEAD'].includes(method) ? { [CSRF_HEADER]: csrf } : {}),
    };
  }

  async load(): Promise<Me> {
    const response = await fetch('/auth/me', { headers: this.headersFor('GET') });
    const me = (await response.json()) as Me;
    this.update({ me, needed: me.signedIn ? undefined : this.state.needed });
    return me;
  }

  /** The engine answered 401: nobody it knows. */
  refused(why: string): void {
    if (this.state.needed !== why) this.update({ needed: why });
  }

  /** Whether the person may do what `role` allows (the engine still decides; not known yet: yes). */
  can(role: Role): boolean {
    const may = this.state.me?.may;
    return may ? may.includes(role) : true;
  }

  signInUrl(): string | undefined {
    const base = this.state.me?.signIn;
    return base ? `${base}?returnTo=${encodeURIComponent(location.pathname + location.search)}` : undefined;
  }

  async signOut(): Promise<void> {
    const response = await fetch('/auth/signout', { method: 'POST', headers: this.headersFor('POST') });
    const answer = (await response.json().catch(() => ({}))) as { logoutUrl?: string };
    this.forgetToken();
    if (answer.logoutUrl) location.assign(answer.logoutUrl);
    else location.reload();
  }

  private update(patch: Partial<AccessState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** One per page: every request and every view see the same person. */
export const access = new AccessStore();
