import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { ReactNode } from 'react';
import { useStore } from './state/useStore';
import { isAdmin, sessionStore } from './state/session';
import { useI18n } from './i18n';
import { AppLayout, PublicLayout } from './components/Layout';
import { SignInPage } from './features/auth/SignInPage';
import { DirectoryPage } from './features/directory/DirectoryPage';
import { boot } from './state/boot';
import { ChatsIndex, ChatsLayout } from './features/chat/ChatsLayout';
import { safeNext } from './routing';
import { rememberedLanding } from './features/catchup/landing';
import { lazyPage } from './lazyPage';

// the chat screens are not needed to show the list, but nearly everyone opens one: fetched once
// the app is idle after starting
const ConversationPage = lazyPage(() => import('./features/chat/ConversationPage'), 'ConversationPage', { soon: true });
const ThreadPage = lazyPage(() => import('./features/chat/ThreadPage'), 'ThreadPage', { soon: true });
// loaded on first use: the start page (sign-in, directory, chats) does not need them
const SetupPage = lazyPage(() => import('./features/setup/SetupPage'), 'SetupPage');
const InvitePage = lazyPage(() => import('./features/invite/InvitePage'), 'InvitePage');
const WelcomePage = lazyPage(() => import('./features/invite/WelcomePage'), 'WelcomePage');
const ProfilePage = lazyPage(() => import('./features/directory/ProfilePage'), 'ProfilePage');
const AdminPeoplePage = lazyPage(() => import('./features/admin/AdminPeoplePage'), 'AdminPeoplePage');
const AdminPersonPage = lazyPage(() => import('./features/admin/AdminPersonPage'), 'AdminPersonPage');
const ImportPage = lazyPage(() => import('./features/admin/ImportPage'), 'ImportPage');
const SettingsPage = lazyPage(() => import('./features/admin/SettingsPage'), 'SettingsPage');
const AuditPage = lazyPage(() => import('./features/admin/AuditPage'), 'AuditPage');
const PoliciesPage = lazyPage(() => import('./features/policies/PoliciesPage'), 'PoliciesPage');
const ContentRulesPage = lazyPage(() => import('./features/policies/ContentRulesPage'), 'ContentRulesPage');
const OversightListPage = lazyPage(() => import('./features/oversight/OversightListPage'), 'OversightListPage');
const OversightDetailPage = lazyPage(() => import('./features/oversight/OversightDetailPage'), 'OversightDetailPage');
const ModerationPage = lazyPage(() => import('./features/moderation/ModerationPage'), 'ModerationPage');
const NoticesPage = lazyPage(() => import('./features/moderation/NoticesPage'), 'NoticesPage');
const RetentionPage = lazyPage(() => import('./features/retention/RetentionPage'), 'RetentionPage');
const CompliancePage = lazyPage(() => import('./features/compliance/CompliancePage'), 'CompliancePage');
const SessionsPage = lazyPage(() => import('./features/sessions/SessionsPage'), 'SessionsPage');
const TwoFactorPage = lazyPage(() => import('./features/twofactor/TwoFactorPage'), 'TwoFactorPage');
const NewConversationPage = lazyPage(() => import('./features/chat/NewConversationPage'), 'NewConversationPage');
const ConversationInfoPage = lazyPage(() => import('./features/chat/ConversationInfoPage'), 'ConversationInfoPage');
const PinnedPage = lazyPage(() => import('./features/chat/PinnedPage'), 'PinnedPage');
const MembershipPage = lazyPage(() => import('./features/chat/MembershipPage'), 'MembershipPage');
const MessageSearchPage = lazyPage(() => import('./features/chat/MessageSearchPage'), 'MessageSearchPage');
const RuleEditorPage = lazyPage(() => import('./features/governance/RuleEditorPage'), 'RuleEditorPage');
const CatchUpPage = lazyPage(() => import('./features/catchup/CatchUpPage'), 'CatchUpPage');
const NotificationsPage = lazyPage(() => import('./features/attention/NotificationsPage'), 'NotificationsPage');
const DigestPage = lazyPage(() => import('./features/attention/DigestPage'), 'DigestPage');
const WorkingHoursAdminPage = lazyPage(() => import('./features/attention/WorkingHoursAdminPage'), 'WorkingHoursAdminPage');

function Loading() {
  const { t } = useI18n();
  return (
    <main className="app-main narrow" id="main">
      <p role="status">{t('common.loading')}</p>
    </main>
  );
}

function BootError({ message }: { message: string }) {
  const { t } = useI18n();
  return (
    <main className="app-main narrow" id="main">
      <h1>{t('boot.error_title')}</h1>
      <p role="alert">{t('boot.error_text')}</p>
      <p className="hint" dir="auto">
        {message}
      </p>
      <button type="button" className="btn" onClick={() => void boot()}>
        {t('common.retry')}
      </button>
    </main>
  );
}

/** Routes that need a signed-in person. */
function RequireAuth({ children }: { children: ReactNode }) {
  const s = useStore(sessionStore);
  const loc = useLocation();
  if (s.status === 'setup') return <Navigate to="/setup" replace />;
  if (s.status !== 'signedIn') {
    const next = loc.pathname + loc.search;
    return <Navigate to={`/sign-in${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <>{children}</>;
}

function RequireAdmin({ children }: { children: ReactNode }) {
  const s = useStore(sessionStore);
  const { t } = useI18n();
  if (s.status === 'signedIn' && !isAdmin(s.user)) {
    return (
      <section>
        <h1>{t('error.permission_denied')}</h1>
      </section>
    );
  }
  return <>{children}</>;
}


function PublicOnly({ children }: { children: ReactNode }) {
  const s = useStore(sessionStore);
  const loc = useLocation();
  if (s.status === 'setup') return <Navigate to="/setup" replace />;
  if (s.status === 'signedIn') return <Navigate to={rememberedLanding() ?? safeNext(loc.search)} replace />;
  return <>{children}</>;
}

function SetupOnly({ children }: { children: ReactNode }) {
  const s = useStore(sessionStore);
  if (s.status === 'signedIn') return <Navigate to="/" replace />;
  if (s.status !== 'setup') return <Navigate to="/sign-in" replace />;
  return <>{children}</>;
}

export function App() {
  const s = useStore(sessionStore);
  if (s.status === 'loading') return <Loading />;
  if (s.status === 'error') return <BootError message={s.message} />;
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route path="/setup" element={<SetupOnly><SetupPage /></SetupOnly>} />
        <Route path="/sign-in" element={<PublicOnly><SignInPage /></PublicOnly>} />
        <Route path="/invite/:token" element={<InvitePage />} />
      </Route>
      <Route element={<RequireAuth><AppLayout /></RequireAuth>}>
        <Route path="/" element={<DirectoryPage />} />
        <Route path="/people/:id" element={<ProfilePage />} />
        {/* one layout for every chat screen: from 900 px wide the list stays beside them */}
        <Route path="/chats" element={<ChatsLayout />}>
          <Route index element={<ChatsIndex />} />
          <Route path="new" element={<NewConversationPage />} />
          {/* a static segment outranks :id, so "search" is not taken for a conversation id */}
          <Route path="search" element={<MessageSearchPage />} />
          <Route path=":id" element={<ConversationPage />} />
          <Route path=":id/info" element={<ConversationInfoPage />} />
          <Route path=":id/pins" element={<PinnedPage />} />
          <Route path=":id/membership" element={<MembershipPage />} />
          <Route path=":id/rule" element={<RequireAdmin><RuleEditorPage /></RequireAdmin>} />
          <Route path=":id/thread/:messageId" element={<ThreadPage />} />
        </Route>
        <Route path="/admin" element={<Navigate to="/admin/people" replace />} />
        <Route path="/admin/people" element={<RequireAdmin><AdminPeoplePage /></RequireAdmin>} />
        <Route path="/admin/people/:id" element={<RequireAdmin><AdminPersonPage /></RequireAdmin>} />
        <Route path="/admin/import" element={<RequireAdmin><ImportPage /></RequireAdmin>} />
        <Route path="/admin/settings" element={<RequireAdmin><SettingsPage /></RequireAdmin>} />
        <Route path="/admin/audit" element={<RequireAdmin><AuditPage /></RequireAdmin>} />
        <Route path="/admin/conversations" element={<RequireAdmin><OversightListPage /></RequireAdmin>} />
        <Route path="/admin/conversations/:id" element={<RequireAdmin><OversightDetailPage /></RequireAdmin>} />
        <Route path="/admin/retention" element={<RequireAdmin><RetentionPage /></RequireAdmin>} />
        <Route path="/admin/policies" element={<RequireAdmin><PoliciesPage /></RequireAdmin>} />
        <Route path="/admin/content-rules" element={<RequireAdmin><ContentRulesPage /></RequireAdmin>} />
        <Route path="/admin/working-hours" element={<RequireAdmin><WorkingHoursAdminPage /></RequireAdmin>} />
        <Route path="/me/sessions" element={<SessionsPage />} />
        <Route path="/me/two-factor" element={<TwoFactorPage />} />
        <Route path="/me/notices" element={<NoticesPage />} />
        <Route path="/me/notifications" element={<NotificationsPage />} />
        {/* the "While you were off" push opens it */}
        <Route path="/digest" element={<DigestPage />} />
        <Route path="/moderation" element={<ModerationPage />} />
        <Route path="/catch-up" element={<CatchUpPage />} />
        {/* after accepting an invitation: the conversations one is already in */}
        <Route path="/welcome" element={<WelcomePage />} />
        {/* the server refuses everything on it unless the person is a compliance officer */}
        <Route path="/compliance" element={<CompliancePage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
