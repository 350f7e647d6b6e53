/**
 * Who is editing, in the top bar: the signed-in person (or the token, or this machine) and what
 * their roles let them do, with sign-out for a person or a token; on this machine, a way to sign in
 * as a person to see what their roles allow.
 */
import { useSyncExternalStore } from 'react';
import { access } from './access-store.ts';

const ABILITIES: Array<[string, string]> = [
  ['Flows.Edit', 'edit'],
  ['Flows.Publish', 'publish'],
  ['Calls.Operate', 'operate calls'],
];

export function AccountBadge() {
  const { me } = useSyncExternalStore(access.subscribe, () => access.state);
  if (!me?.signedIn) return null;
  const abilities = ABILITIES.filter(([role]) => me.may?.includes(role as never)).map(([, words]) => words);
  const can = abilities.length ? `can ${abilities.join(', ')}` : 'can read';
  return (
    <span className="account" aria-label="Signed in as">
      <span className="account-name">{me.name}</span>
      <span className="account-roles">{can}</span>
      {/* On this machine everyone is Admin; signing in shows the editor as a person with their roles. */}
      {me.via === 'local' && me.signIn && (
        <a className="account-sign-in" href={access.signInUrl()} title="See the editor as a person with their roles">
          Sign in
        </a>
      )}
      {me.via !== 'local' && (
        <button type="button" className="link" onClick={() => void access.signOut()}>
          Sign out
        </button>
      )}
    </span>
  );
}
