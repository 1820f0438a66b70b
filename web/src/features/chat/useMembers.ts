import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Member } from '../../api/schemas';
import { useChat } from './useChat';

/** The members of a conversation I belong to (for mention suggestions), refetched on member events. */
export function useMembers(conversationId: string, isMember: boolean): Member[] {
  const version = useChat((s) => s.membersVersion[conversationId] ?? 0);
  const [members, setMembers] = useState<Member[]>([]);
  useEffect(() => {
    if (!isMember) return;
    let live = true;
    api
      .members(conversationId)
      .then((r) => live && setMembers(r.items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [conversationId, isMember, version]);
  return members;
}
