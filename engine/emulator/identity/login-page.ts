/**
 * The "Pick an account" page the authorization endpoint answers: one form, posted to
 * `/{tenant}/login`, with the pending request's reference in a hidden `ctx` field, one submit
 * button per simulated user (`name="login"`, value the user's UPN; its accessible name is the
 * user's display name) and a Cancel button (`name="cancel"`). A `login_hint` naming a user puts that
 * account first and focused. There is no password: picking an account signs it in.
 */
import type { Response } from 'express';
import { escapeHtml, sendPage } from './html.ts';
import type { EmulatorUser } from './users.ts';

/** What the page shows. */
export interface LoginPage {
  /** Where the form posts: `/{tenant}/login`. */
  action: string;
  /** The pending request's reference. */
  ctx: string;
  appName: string;
  users: EmulatorUser[];
  /** The user a `login_hint` named. */
  hinted?: EmulatorUser;
  /** A problem with the last submission, shown above the accounts. */
  alert?: string;
}

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

function account(user: EmulatorUser, index: number, hinted: boolean, roles: string[]): string {
  const describedBy = `account-${index}`;
  return `<li><button type="submit" class="account${hinted ? ' hinted' : ''}" name="login" value="${escapeHtml(user.userPrincipalName)}" aria-label="${escapeHtml(user.displayName)}" aria-describedby="${describedBy}"${hinted ? ' autofocus' : ''}>
<span class="avatar" aria-hidden="true">${escapeHtml(initials(user.displayName))}</span>
<span class="who"><span class="name">${escapeHtml(user.displayName)}</span><span id="${describedBy}"><span class="upn">${escapeHtml(user.userPrincipalName)}</span>${roles.length ? `<span class="roles"> · ${escapeHtml(roles.join(', '))}</span>` : ''}</span></span>
</button></li>`;
}

/** Sends the page; `rolesOf` names each user's app roles in the app signing in. */
export function sendLoginPage(res: Response, page: LoginPage, rolesOf: (user: EmulatorUser) => string[], status = 200): void {
  const ordered = page.hinted ? [page.hinted, ...page.users.filter((u) => u !== page.hinted)] : page.users;
  const accounts = ordered.map((user, i) => account(user, i, user === page.hinted, rolesOf(user))).join('\n');
  sendPage(
    res,
    status,
    'Sign in to your account',
    `<h1>Pick an account</h1>
<p class="sub">to continue to <strong>${escapeHtml(page.appName)}</strong></p>
${page.alert ? `<p class="alert" role="alert">${escapeHtml(page.alert)}</p>` : ''}
<form method="post" action="${escapeHtml(page.action)}">
<input type="hidden" name="ctx" value="${escapeHtml(page.ctx)}">
<ul aria-label="Accounts">
${accounts || '<li><p class="alert">This tenant has no simulated users (emulator option <code>users</code>).</p></li>'}
</ul>
<div class="actions"><button type="submit" class="secondary" name="cancel" value="1">Cancel</button></div>
</form>
<p class="note">Simulated accounts: choosing one signs it in without a password.</p>`,
  );
}
