import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { REPORT_CATEGORIES, type Message, type ReportCategory } from '../../api/schemas';
import { useI18n } from '../../i18n';
import { Dialog } from '../../components/Dialog';
import { Alert } from '../../components/Field';
import { errorMessage } from '../../components/errors';
import { chat } from '../../state/boot';

/** Report someone's message to the conversation's moderators: a category and, if wished, a comment. */
export function ReportDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t } = useI18n();
  const [category, setCategory] = useState<ReportCategory | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!category) return;
    setBusy(true);
    setError(null);
    try {
      await api.reportMessage(message.id, category, comment.trim());
      setSent(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('report.title')} onClose={onClose} testId="report-dialog">
      {sent ? (
        <>
          <p role="status" data-testid="report-sent">{t('report.sent')}</p>
          <button type="button" className="btn" onClick={onClose}>{t('common.close')}</button>
        </>
      ) : (
        <form onSubmit={submit} className="stack">
          <fieldset className="choices">
            <legend>{t('report.why')}</legend>
            {REPORT_CATEGORIES.map((c) => (
              <label key={c} className="choice">
                <input type="radio" name="category" value={c} checked={category === c} onChange={() => setCategory(c)} />{' '}
                {t(`report.category.${c}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('report.comment')}
            <textarea dir="auto" maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={!category || busy}>{t('report.send')}</button>
            <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** A moderator removes someone else's message, saying why (the reason goes to the audit log). */
export function RemoveDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      chat.applyMessage(await api.deleteMessage(message.id, reason.trim()));
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('moderation.remove_title')} onClose={onClose} testId="remove-dialog">
      <form onSubmit={submit} className="stack">
        <p>{t('moderation.remove_explain')}</p>
        <label>
          {t('moderation.reason')}
          <textarea dir="auto" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {error ? <Alert>{errorMessage(t, error)}</Alert> : null}
        <div className="row">
          <button type="submit" className="btn btn-danger" disabled={!reason.trim() || busy}>{t('moderation.remove')}</button>
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
