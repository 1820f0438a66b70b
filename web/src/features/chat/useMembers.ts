import { api } from '../../api/client';
import type { Member } from '../../api/schemas';
import { useChat } from './useChat';
import { useLive } from './useLive';

const NONE: Member[] = [];

/** The members of a conversation I belong to (for mention suggestions), refetched on member events. */
export function useMembers(conversationId: string, isMember: boolean): Member[] {
  const version = useChat((s) => s.membersVersion[conversationId] ?? 0);
  const { data } = useLive(() => api.members(conversationId), conversationId, version, isMember);
  return data?.items ?? NONE;
}
