/** Start-up and session transitions that talk to the server. */
import { api } from '../api/client';
import { ApiError, onUnauthenticated, setCsrfToken } from '../api/http';
import { Connection, browserSocketFactory, socketUrl } from '../api/ws';
import { pickLanguage, setLanguage, storedLanguage } from '../i18n';
import type { AuthResult } from '../api/schemas';
import { sessionStore, signedInFromMe, signedOut } from './session';
import { eraseLocalData, hadSession, markSession } from './localData';
import { ChatStore } from './chat';
import { loadPolicies, policiesStore } from '../features/policies/policies';
import { clearPhotos, loadPhotos } from './photos';

let connection: Connection | null = null;

/** The one chat store of the app, fed by the one socket. */
export const chat = new ChatStore(api);

function syncLanguage() {
  const s = sessionStore.get();
  const lang = pickLanguage({
    user: s.status === 'signedIn' ? s.user.language : null,
    org: s.status === 'signedIn' ? s.org.default_language : null,
    stored: storedLanguage(),
    browser: typeof navigator !== 'undefined' ? navigator.languages : [],
  });
  setLanguage(lang, s.status === 'signedIn');
}

function syncSocket() {
  const s = sessionStore.get();
  if (s.status === 'signedIn') {
    if (chat.state.me !== s.user.id) {
      chat.reset(s.user.id);
      void chat.loadConversations().catch(() => undefined);
      loadPolicies();
      void loadPhotos().catch(() => undefined);
    }
    if (!connection && typeof WebSocket !== 'undefined') {
      // photos changed while the socket was down are fetched again on reconnecting (no event says so)
      let openedBefore = false;
      const conn = new Connection({
        url: socketUrl(window.location),
        createSocket: browserSocketFactory,
        resumeAfter: chat.resumeAfter,
        onMessage: (msg) => chat.handleFrame(msg),
        onStateChange: (st) => {
          chat.setSocketStatus(st === 'open' ? 'open' : st === 'connecting' ? 'connecting' : 'offline');
          if (st !== 'open') return;
          if (openedBefore) void loadPhotos().catch(() => undefined);
          openedBefore = true;
        },
        onSessionEnded: () => {
          setCsrfToken(null);
          void eraseLocalData().finally(() => signedOut('ended'));
        },
      });
      connection = conn;
      chat.setSender((msg) => conn.send(msg));
      conn.start();
    }
  } else {
    if (connection) {
      connection.stop();
      connection = null;
    }
    chat.setSender(null);
    if (chat.state.me !== null) chat.reset(null);
    policiesStore.set(null);
    clearPhotos();
  }
}

let wired = false;
function wire() {
  if (wired) return;
  wired = true;
  sessionStore.subscribe(syncLanguage);
  sessionStore.subscribe(syncSocket);
  if (typeof window !== 'undefined') {
    // Offline: the socket is dropped and messages wait in the outbox. Back online: a new socket at
    // once, and what waited is sent when it opens (or now, over HTTP, if that is quicker).
    window.addEventListener('offline', () => connection?.networkChanged(false));
    window.addEventListener('online', () => {
      connection?.networkChanged(true);
      chat.retryQueued();
    });
  }
  onUnauthenticated(() => {
    setCsrfToken(null);
    void eraseLocalData().finally(() => signedOut('expired'));
  });
}

export async function boot(): Promise<void> {
  wire();
  syncLanguage();
  // Someone was signed in here: /me and the chat list are asked for beside the setup check, not
  // one after another (each round trip on a phone's network is hundreds of milliseconds).
  let me: ReturnType<typeof api.me> | undefined;
  if (hadSession()) {
    me = api.me();
    me.catch(() => undefined); // loadMe handles its failure
    chat.prefetchConversations(api.conversations({ quietUnauthenticated: true }));
  }
  try {
    const st = await api.setupStatus();
    if (st.needed) {
      sessionStore.set({ status: 'setup' });
      return;
    }
    await loadMe(me);
  } catch (e) {
    sessionStore.set({ status: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/** Loads /me (or takes the answer already asked for); on 401 the person is simply signed out. */
export async function loadMe(pending?: ReturnType<typeof api.me>): Promise<void> {
  try {
    const me = await (pending ?? api.me());
    if (me.csrf_token) setCsrfToken(me.csrf_token);
    markSession();
    signedInFromMe(me);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      // A session lived here and the server no longer knows it: revoked while the app was closed.
      // "End and erase" says so explicitly (session_erased), even where no mark could be kept.
      const revoked = hadSession() || e.code === 'session_erased';
      if (revoked) await eraseLocalData();
      sessionStore.set({ status: 'signedOut', reason: revoked ? 'ended' : undefined });
      return;
    }
    throw e;
  }
}

/** After setup, sign-in or invitation accept: take the CSRF token, then load the full /me. */
export async function afterAuth(result: AuthResult): Promise<void> {
  setCsrfToken(result.csrf_token);
  try {
    await loadMe();
  } catch {
    if (result.organization) {
      markSession();
      sessionStore.set({ status: 'signedIn', user: result.user, org: result.organization, sessionId: null });
    }
  }
}

/** Failed sign-ins on this account are told at the next sign-in: the notices of the last day. */
export async function showSignInWarnings(now: number = Date.now()): Promise<void> {
  try {
    const { items } = await api.notices();
    chat.showNotices(items.filter((n) => n.kind === 'sign_in_failures' && now - Date.parse(n.at) < 24 * 3600 * 1000));
  } catch {
    /* a notice is a courtesy: the sign-in stands */
  }
}

export async function signOut(): Promise<void> {
  try {
    await api.signOut();
  } catch {
    /* signed out locally regardless */
  }
  setCsrfToken(null);
  await eraseLocalData();
  sessionStore.set({ status: 'signedOut', reason: 'signed_out' });
}
