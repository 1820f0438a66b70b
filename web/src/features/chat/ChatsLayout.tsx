import { Outlet } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { WIDE, useMediaQuery } from '../../components/viewport';
import { Icon } from '../../components/Icon';
import { ChatListPage } from './ChatListPage';

/**
 * Every /chats screen. On a phone one screen at a time (the list is the index route); from 900 px
 * the list stays beside whichever chat screen is open, as in WhatsApp Web.
 */
export function ChatsLayout() {
  const wide = useMediaQuery(WIDE);
  if (!wide) return <Outlet />;
  return (
    <div className="chats-split" data-testid="chats-split">
      <div className="chats-list-pane">
        <ChatListPage />
      </div>
      <div className="chats-pane" data-testid="chats-pane">
        <Outlet />
      </div>
    </div>
  );
}

/** /chats itself: the list on a phone; beside the list, a quiet placeholder. */
export function ChatsIndex() {
  const wide = useMediaQuery(WIDE);
  return wide ? <ChoosePlaceholder /> : <ChatListPage />;
}

function ChoosePlaceholder() {
  const { t } = useI18n();
  return (
    <div className="chats-placeholder" data-testid="choose-conversation">
      <span className="chats-placeholder-icon" aria-hidden="true">
        <Icon name="chats" size={48} />
      </span>
      <p className="chats-placeholder-title">{t('shell.choose_conversation')}</p>
      <p className="hint">{t('shell.choose_hint')}</p>
    </div>
  );
}
