/**
 * Who is signed in. The router reads `status` to decide where a person may be; http.ts's 401
 * handler and the socket's 4001 close both end up in `signedOut()`.
 */
import { createStore } from './store';
import type { Me, Organization, Person } from '../api/schemas';

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'setup' }
  | { status: 'signedOut'; reason?: 'expired' | 'ended' | 'signed_out' }
  | { status: 'signedIn'; user: Person; org: Organization; sessionId: string | null };

export const sessionStore = createStore<SessionState>({ status: 'loading' });

export function isAdmin(p: Pick<Person, 'role'> | null | undefined): boolean {
  return p?.role === 'owner' || p?.role === 'admin';
}

export function signedInFromMe(me: Me): void {
  sessionStore.set({ status: 'signedIn', user: me.user, org: me.organization, sessionId: me.session_id ?? null });
}

export function signedOut(reason?: 'expired' | 'ended' | 'signed_out'): void {
  const cur = sessionStore.get();
  if (cur.status === 'signedOut' || cur.status === 'setup') return;
  sessionStore.set({ status: 'signedOut', reason });
}

export function updateUser(user: Person): void {
  const cur = sessionStore.get();
  if (cur.status !== 'signedIn') return;
  sessionStore.set({ ...cur, user });
}

export function updateOrg(org: Organization): void {
  const cur = sessionStore.get();
  if (cur.status !== 'signedIn') return;
  sessionStore.set({ ...cur, org });
}
