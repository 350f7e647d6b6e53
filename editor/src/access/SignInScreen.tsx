/**
 * What someone the engine does not know sees instead of the editor: why, a way to sign in with
 * Microsoft Entra ID when the engine offers it, and a field for the admin token (for operators and
 * scripts' owners). When only the operator can open the engine to this browser, just the reason.
 */
import { useState } from 'react';

interface SignInScreenProps {
  why: string;
  /** Where signing in starts (returning here), when the engine offers sign-in. */
  signInUrl?: string;
  /** No sign-in or token can help: the engine refuses this browser. */
  refused: boolean;
  /** Why the last sign-in did not work, as the engine said when it sent the browser back. */
  signInError?: string;
  onToken: (token: string) => void;
}

export function SignInScreen({ why, signInUrl, refused, signInError, onToken }: SignInScreenProps) {
  const [token, setToken] = useState('');
  return (
    <main className="sign-in-screen" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{refused ? 'callflow is closed to this browser' : 'Sign in to callflow'}</h1>
      <p className="sign-in-why">The engine says: {why}.</p>
      {signInError && (
        <p className="sign-in-error" role="alert">
          Signing in did not work: {signInError}
        </p>
      )}
      {!refused && signInUrl && (
        <a className="button primary" href={signInUrl}>
          Sign in with Microsoft
        </a>
      )}
      {!refused && (
        <form
          className="sign-in-token"
          onSubmit={(event) => {
            event.preventDefault();
            if (token) onToken(token);
          }}
        >
          <label>
            Admin token
            <input type="password" value={token} onChange={(event) => setToken(event.target.value)} autoComplete="off" />
          </label>
          <button type="submit" className="secondary">
            Open with token
          </button>
          <p className="help">The CALLFLOW_ADMIN_TOKEN the engine was started with, or the one-time token it printed. Kept only in this tab.</p>
        </form>
      )}
    </main>
  );
}
