import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { ReactNode } from 'react';
import { useStore } from './state/useStore';
import { isAdmin, sessionStore } from './state/session';
import { useI18n } from './i18n';
import { AppLayout, PublicLayout } from './components/Layout';
import { SetupPage } from './features/setup/SetupPage';
import { SignInPage } from './features/auth/SignInPage';
import { InvitePage } from './features/invite/InvitePage';
import { WelcomePage } from './features/invite/WelcomePage';
import { DirectoryPage } from './features/directory/DirectoryPage';
import { ProfilePage } from './features/directory/ProfilePage';
import { AdminPeoplePage } from './features/admin/AdminPeoplePage';
import { AdminPersonPage } from './features/admin/AdminPersonPage';
import { ImportPage } from './features/admin/ImportPage';
import { SettingsPage } from './features/admin/SettingsPage';
import { AuditPage } from './features/admin/AuditPage';
import { PoliciesPage } from './features/policies/PoliciesPage';
import { ContentRulesPage } from './features/policies/ContentRulesPage';
import { OversightListPage } from './features/oversight/OversightListPage';
import { OversightDetailPage } from './features/oversight/OversightDetailPage';
import { ModerationPage } from './features/moderation/ModerationPage';
import { NoticesPage } from './features/moderation/NoticesPage';
import { RetentionPage } from './features/retention/RetentionPage';
import { CompliancePage } from './features/compliance/CompliancePage';
import { SessionsPage } from './features/sessions/SessionsPage';
import { TwoFactorPage } from './features/twofactor/TwoFactorPage';
import { boot } from './state/boot';
import { ChatsIndex, ChatsLayout } from './features/chat/ChatsLayout';
import { NewConversationPage } from './features/chat/NewConversationPage';
import { ConversationPage } from './features/chat/ConversationPage';
import { ConversationInfoPage } from './features/chat/ConversationInfoPage';
import { PinnedPage } from './features/chat/PinnedPage';
import { MembershipPage } from './features/chat/MembershipPage';
import { ThreadPage } from './features/chat/ThreadPage';
import { MessageSearchPage } from './features/chat/MessageSearchPage';
import { safeNext } from './routing';
import { RuleEditorPage } from './features/governance/RuleEditorPage';
import { CatchUpPage } from './features/catchup/CatchUpPage';
import { rememberedLanding } from './features/catchup/landing';
import { NotificationsPage } from './features/attention/NotificationsPage';
import { DigestPage } from './features/attention/DigestPage';
import { WorkingHoursAdminPage } from './features/attention/WorkingHoursAdminPage';

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
