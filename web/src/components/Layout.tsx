import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { useSyncExternalStore } from 'react';
import { chat } from '../state/boot';
import { useI18n, type Lang } from '../i18n';
import { useStore } from '../state/useStore';
import { isAdmin, sessionStore, updateUser } from '../state/session';
import { useComplianceOfficer } from '../features/compliance/useComplianceOfficer';
import { signOut } from '../state/boot';
import { api } from '../api/client';
import { useRef, useState } from 'react';
import { countsOnChatsTab } from '../features/chat/unread';
import { LocalLanguageSwitch } from './LocalLanguageSwitch';
import { NoticeToasts } from '../features/moderation/NoticeToast';
import { TwoFactorBanner } from '../features/twofactor/TwoFactorBanner';
import { Icon, type IconName } from './Icon';
import { WIDE, useHeaderHeight, useMediaQuery, useVisualViewport } from './viewport';

/** Switches the person's language on the server (PATCH /me) and therefore in the UI. */
export function LanguageSwitch() {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const other: Lang = lang === 'ar' ? 'en' : 'ar';
  async function onClick() {
    setBusy(true);
    try {
      const res = await api.setMyLanguage(other);
      updateUser(res.user);
    } catch {
      /* stays as is; the 401 case is handled globally */
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className="btn btn-ghost" onClick={onClick} disabled={busy} lang={other}>
      {t(`lang.switch_to_${other}`)}
    </button>
  );
}


/** Conversations with unread messages the person asked to hear about (the nav badge). */
function useUnreadConversations(): number {
  return useSyncExternalStore(chat.store.subscribe, () => {
    let n = 0;
    for (const c of Object.values(chat.store.get().conversations)) if (countsOnChatsTab(c)) n++;
    return n;
  });
}

function NavIcon({ name }: { name: IconName }) {
  return (
    <span className="nav-icon" aria-hidden="true">
      <Icon name={name} size={24} />
    </span>
  );
}

export function AppLayout() {
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const admin = session.status === 'signedIn' && isAdmin(session.user);
  const officer = useComplianceOfficer(session.status === 'signedIn');
  const loc = useLocation();
  // a conversation and a thread fill the screen (their own scrolling list above a composer)
  const inConversation = /^\/chats\/(?!(new|search)$)[^/]+(\/thread\/[^/]+)?$/.test(loc.pathname);
  const unread = useUnreadConversations();
  const wide = useMediaQuery(WIDE);
  // two panes: the chat screens fill the height under the header, each pane scrolling on its own
  const split = wide && /^\/chats(\/|$)/.test(loc.pathname);
  // a phone's conversation is the whole screen (no app header or tab bar) and must end above the
  // on-screen keyboard
  useVisualViewport(inConversation && !wide);
  const header = useRef<HTMLElement>(null);
  // the Admin tab stays lit on every admin screen, not only on the people list it opens
  const adminArea = /^\/(admin|moderation)(\/|$)/.test(loc.pathname);
  useHeaderHeight(header);
  return (
    <div className={`app${inConversation ? ' app-chat' : ''}${split ? ' app-split' : ''}`}>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header" data-testid="app-header" ref={header}>
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          {/* isolated: a Latin name's final period stays at its end in Arabic */}
          {session.status === 'signedIn' ? (
            <span className="brand-org" data-testid="org-name">
              <bdi>{session.org.name}</bdi>
            </span>
          ) : null}
        </div>
        <div className="header-actions">
          <LanguageSwitch />
          <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>
            {t('nav.sign_out')}
          </button>
        </div>
        <nav className="main-nav" aria-label={t('nav.label')} data-testid="main-nav">
          <NavLink to="/chats" data-testid="nav-chats">
            <NavIcon name="chats" />
            {t('nav.chats')}
            {unread > 0 ? (
              <span className="nav-badge" data-testid="nav-unread">
                <span aria-hidden="true">{unread}</span>
                <span className="visually-hidden">{t('chat.unread', { n: unread })}</span>
              </span>
            ) : null}
          </NavLink>
          <NavLink to="/" end>
            <NavIcon name="directory" />
            {t('nav.directory')}
          </NavLink>
          {admin ? (
            <NavLink to="/admin/people" className={({ isActive }) => (isActive || adminArea ? 'active' : '')}>
              <NavIcon name="admin" />
              {t('nav.admin')}
            </NavLink>
          ) : null}
          {officer ? (
            <NavLink to="/compliance" data-testid="nav-compliance">
              <NavIcon name="compliance" />
              {t('nav.compliance')}
            </NavLink>
          ) : null}
          <NavLink to="/me/sessions">
            <NavIcon name="account" />
            {t('nav.account')}
          </NavLink>
        </nav>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <NoticeToasts />
        <TwoFactorBanner />
        <Outlet />
      </main>
    </div>
  );
}

/** Layout for screens before sign-in (setup, sign-in, invitation). */
export function PublicLayout() {
  const { t } = useI18n();
  return (
    <div className="app public">
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <div className="header-actions">
          <LocalLanguageSwitch />
        </div>
      </header>
      <main id="main" className="app-main narrow" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
