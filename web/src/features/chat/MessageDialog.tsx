import type { Message } from '../../api/schemas';
import { EditsDialog } from './EditsDialog';
import { RemoveDialog, ReportDialog } from './ModerationDialogs';
import { ReceiptsDialog } from './ReceiptsDialog';

/** The dialog a message's menu or its "(edited)" label opened, if any. */
export type MessageDialogState = { kind: 'receipts' | 'edits' | 'report' | 'remove'; message: Message } | null;

export function MessageDialog({ dialog, conversationId, onClose }: { dialog: MessageDialogState; conversationId: string; onClose: () => void }) {
  if (!dialog) return null;
  if (dialog.kind === 'edits') return <EditsDialog message={dialog.message} onClose={onClose} />;
  if (dialog.kind === 'report') return <ReportDialog message={dialog.message} onClose={onClose} />;
  if (dialog.kind === 'remove') return <RemoveDialog message={dialog.message} onClose={onClose} />;
  return <ReceiptsDialog messageId={dialog.message.id} conversationId={conversationId} onClose={onClose} />;
}
