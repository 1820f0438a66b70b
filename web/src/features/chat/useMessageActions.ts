import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { api } from '../../api/client';
import type { Message } from '../../api/schemas';
import { chat } from '../../state/boot';
import type { ComposerMode } from './Composer';
import type { MessageActions } from './MessageRow';
import type { MessageDialogState } from './MessageDialog';

interface Options {
  setMode: Dispatch<SetStateAction<ComposerMode>>;
  jumpTo: (messageId: string) => void;
  /** `replace`: the menu's own history entry is on top, so the thread takes its place. */
  openThread: (m: Message, replace: boolean) => void;
}

// The history entry an open menu pushes, so the phone's Back closes the menu instead of leaving.
const SHEET_KEY = 'musterSheet';
const sheetState = (): unknown => (window.history.state as Record<string, unknown> | null)?.[SHEET_KEY];

/** The message a reply will quote: the server answers a reply's reply in the original's thread (one level). */
function quoteTarget(m: Message): Message | null {
  if (!m.reply_to) return m;
  const s = chat.state;
  return s.messages[m.conversation_id]?.items.find((x) => x.id === m.reply_to) ?? s.threads[m.reply_to]?.root ?? null;
}

/**
 * What the message menu does, shared by the conversation and the thread view: each change goes to
 * the server and its answer into the chat store (the socket brings the same change to others).
 * Every action closes the menu first.
 */
export function useMessageActions({ setMode, jumpTo, openThread }: Options) {
  const [actionError, setActionError] = useState<unknown>(null);
  const [actionsFor, setActionsFor] = useState<string | null>(null);
  const [dialog, setDialog] = useState<MessageDialogState>(null);
  const openFor = useRef<string | null>(null);
  const token = useRef<string | null>(null);

  const run = useCallback(async (f: () => Promise<Message>) => {
    setActionError(null);
    try {
      chat.applyMessage(await f());
    } catch (e) {
      setActionError(e);
    }
  }, []);

  const openMenu = useCallback((m: Message) => {
    if (openFor.current) return; // a long press and Android's contextmenu both ask
    openFor.current = m.id;
    setActionsFor(m.id);
    const tok = `${Date.now()}-${Math.random()}`;
    token.current = tok;
    window.history.pushState({ ...(window.history.state ?? {}), [SHEET_KEY]: tok }, '');
  }, []);

  /** Closes the menu; `back`: also drop its history entry (not when Back already did, or a navigation replaces it). */
  const closeMenu = useCallback((back = true) => {
    if (!openFor.current) return;
    openFor.current = null;
    setActionsFor(null);
    const tok = token.current;
    token.current = null;
    if (back && tok && sheetState() === tok) window.history.back();
  }, []);

  // Back (the phone's button, or the browser's) with the menu open: the entry is gone, close it
  useEffect(() => {
    const onPop = () => {
      if (openFor.current && sheetState() !== token.current) closeMenu(false);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [closeMenu]);

  const actions: MessageActions = useMemo(
    () => ({
      reply: (m) => {
        closeMenu();
        const target = quoteTarget(m);
        if (target) {
          setMode({ kind: 'reply', message: target });
          return;
        }
        // the original is not loaded: reply at once, and show its quote when it arrives
        setMode({ kind: 'reply', message: m });
        void api
          .message(m.reply_to!)
          .then((root) => setMode((cur) => (cur?.kind === 'reply' && cur.message.id === m.id ? { kind: 'reply', message: root } : cur)))
          .catch(() => undefined);
      },
      react: (m, emoji, on) => {
        closeMenu();
        void run(() => api.react(m.id, emoji, on));
      },
      edit: (m) => {
        closeMenu();
        setMode({ kind: 'edit', message: m });
      },
      remove: (m) => {
        closeMenu();
        void run(() => api.deleteMessage(m.id));
      },
      report: (m) => {
        closeMenu();
        setDialog({ kind: 'report', message: m });
      },
      moderate: (m) => {
        closeMenu();
        setDialog({ kind: 'remove', message: m });
      },
      pin: (m, on) => {
        closeMenu();
        void run(() => api.pin(m.id, on));
      },
      seenBy: (m) => {
        closeMenu();
        setDialog({ kind: 'receipts', message: m });
      },
      showEdits: (m) => {
        closeMenu();
        setDialog({ kind: 'edits', message: m });
      },
      jumpTo,
      openThread: (m) => {
        const onTop = !!token.current && sheetState() === token.current;
        closeMenu(false);
        openThread(m, onTop);
      },
      openMenu,
    }),
    [run, jumpTo, openThread, setMode, openMenu, closeMenu],
  );

  return { actions, run, actionError, setActionError, actionsFor, closeMenu, dialog, closeDialog: () => setDialog(null) };
}
