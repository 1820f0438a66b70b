import { useEffect, useMemo } from 'react';
import { chat } from '../../state/boot';
import { useI18n } from '../../i18n';
import { useChat } from './useChat';

// The server keeps one presence watch list per socket. Every mounted view names the people it
// shows; the socket watches the union, so the chat list and a member list do not undo each other.
const wanted = new Map<number, string[]>();
let nextViewKey = 0;

function watchUnion() {
  chat.watchPresence([...new Set([...wanted.values()].flat())]);
}

/** Watches these people's presence while the calling view is mounted; returns who is online. */
export function usePresence(personIds: string[]): Record<string, boolean> {
  const key = useMemo(() => [...new Set(personIds)].sort().join(','), [personIds]);
  useEffect(() => {
    const viewKey = nextViewKey++;
    wanted.set(viewKey, key ? key.split(',') : []);
    watchUnion();
    return () => {
      wanted.delete(viewKey);
      watchUnion();
    };
  }, [key]);
  return useChat((s) => s.online);
}

/** A green (online) or grey (offline) dot; it names its meaning unless text beside it already does. */
export function PresenceDot({ online, decorative = false }: { online: boolean | undefined; decorative?: boolean }) {
  const { t } = useI18n();
  const label = online ? t('chat.presence_online') : t('chat.presence_offline');
  const className = `presence-dot${online ? ' presence-on' : ''}`;
  const state = online ? 'true' : 'false';
  if (decorative) return <span className={className} aria-hidden="true" data-testid="presence" data-online={state} />;
  return <span className={className} role="img" aria-label={label} title={label} data-testid="presence" data-online={state} />;
}
