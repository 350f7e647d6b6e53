/**
 * The editor opens only for someone the engine lets read flows. It asks the engine who this is
 * (`GET /auth/me`) and tries to read the list of flows; when the engine answers 401 — nobody it
 * knows, but signing in or a token would do — the sign-in screen stands in for the editor. A 403
 * or a notTrusted 401 (only the operator can change that) shows the engine's reason instead.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { access } from './access-store.ts';
import { SignInScreen } from './SignInScreen.tsx';

type Gate = { kind: 'checking' } | { kind: 'open' } | { kind: 'signIn'; why: string } | { kind: 'refused'; why: string };

async function check(): Promise<Gate> {
  await access.load().catch(() => undefined);
  const response = await fetch('/api/flows', { headers: access.headersFor('GET') }).catch(() => undefined);
  if (!response || response.ok) return { kind: 'open' };
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  const why = body.error?.message ?? `the engine answered ${response.status}`;
  if (response.status === 401 && body.error?.code === 'unauthorized') access.forgetToken();
  if (response.status === 401 && body.error?.code !== 'notTrusted') return { kind: 'signIn', why };
  return { kind: 'refused', why };
}

export function AccessGate({ children }: { children: ReactNode }) {
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  useEffect(() => {
    void check().then(setGate);
  }, []);
  if (gate.kind === 'open') return <>{children}</>;
  if (gate.kind === 'checking') return <p className="gate-checking">Opening callflow…</p>;
  return (
    <SignInScreen
      why={gate.why}
      signInUrl={gate.kind === 'signIn' ? access.signInUrl() : undefined}
      refused={gate.kind === 'refused'}
      signInError={new URLSearchParams(location.search).get('signInError') ?? undefined}
      onToken={(token) => {
        access.setToken(token);
        setGate({ kind: 'checking' });
        void check().then(setGate);
      }}
    />
  );
}
