import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { Message } from '../../api/schemas';
import { chat } from '../../state/boot';
import type { ComposerMode } from './Composer';
import type { MessageActions } from './MessageRow';
import type { MessageDialogState } from './MessageDialog';

interface Options {
  setMode: (mode: ComposerMode) => void;
  jumpTo: (messageId: string) => void;
  openThread: (m: Message) => void;
}

/**
 * What the message menu does, shared by the conversation and the thread view: each change goes to
 * the server and its answer into the chat store (the socket brings the same change to others).
 */
export function useMessageActions({ setMode, jumpTo, openThread }: Options) {
  const [actionError, setActionError] = useState<unknown>(null);
  const [actionsFor, setActionsFor] = useState<string | null>(null);
  const [dialog, setDialog] = useState<MessageDialogState>(null);

  const run = useCallback(async (f: () => Promise<Message>) => {
    setActionError(null);
    try {
      chat.applyMessage(await f());
    } catch (e) {
      setActionError(e);
    }
  }, []);

  const actions: MessageActions = useMemo(
    () => ({
      reply: (m) => {
        setMode({ kind: 'reply', message: m });
        setActionsFor(null);
      },
      react: (m, emoji, on) => {
        setActionsFor(null);
        void run(() => api.react(m.id, emoji, on));
      },
      edit: (m) => {
        setMode({ kind: 'edit', message: m });
        setActionsFor(null);
      },
      remove: (m) => {
        setActionsFor(null);
        void run(() => api.deleteMessage(m.id));
      },
      report: (m) => {
        setActionsFor(null);
        setDialog({ kind: 'report', message: m });
      },
      moderate: (m) => {
        setActionsFor(null);
        setDialog({ kind: 'remove', message: m });
      },
      pin: (m, on) => {
        setActionsFor(null);
        void run(() => api.pin(m.id, on));
      },
      seenBy: (m) => {
        setActionsFor(null);
        setDialog({ kind: 'receipts', message: m });
      },
      showEdits: (m) => setDialog({ kind: 'edits', message: m }),
      jumpTo,
      openThread: (m) => {
        setActionsFor(null);
        openThread(m);
      },
      toggleActions: (mid) => setActionsFor(mid),
    }),
    [run, jumpTo, openThread, setMode],
  );

  return { actions, run, actionError, setActionError, actionsFor, setActionsFor, dialog, closeDialog: () => setDialog(null) };
}
