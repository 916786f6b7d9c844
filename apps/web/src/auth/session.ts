import { useSyncExternalStore } from 'react';

/**
 * The signed-in person's access token. Held in memory; development sign-in also keeps it in
 * sessionStorage (this tab only, gone when it closes) so a reload does not sign you out. That is
 * acceptable for demo accounts only: OIDC tokens never leave memory (oidc-client-ts renews them).
 */
export interface Session {
  token: string;
  kind: 'dev' | 'oidc';
  /** Shown when the session ended on its own (expired token). */
}

const KEY = 'backr.dev-session';
const listeners = new Set<() => void>();
let current: Session | null = readStored();
let endedMessage: string | null = null;

function readStored(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function setSession(session: Session | null, ended?: string): void {
  current = session;
  endedMessage = ended ?? null;
  if (session?.kind === 'dev') sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export const getSession = () => current;
export const sessionEndedMessage = () => endedMessage;

export function useSession(): Session | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
