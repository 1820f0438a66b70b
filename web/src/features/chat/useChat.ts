import { useSyncExternalStore } from 'react';
import { chat } from '../../state/boot';
import type { ChatState } from '../../state/chat';

/** Reads a slice of the chat store; re-renders when the slice changes (by identity). */
export function useChat<T>(select: (s: ChatState) => T): T {
  return useSyncExternalStore(chat.store.subscribe, () => select(chat.store.get()), () => select(chat.store.get()));
}
