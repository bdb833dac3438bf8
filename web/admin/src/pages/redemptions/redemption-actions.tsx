// Approving, rejecting (one or many) and cancelling an issued coupon: each asks first, and the
// bulk ones then show what happened to every redemption.
import { useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, ConfirmDialog, Dialog, Button, StatusBadge, TextAreaField, errorMessage } from '../../components';
import { formatNumber, t } from '../../i18n';
import { redemptionStatusLabel, redemptionStatusTone } from './redemption-status';
import type { BulkResults, Redemption } from './types';

export type PendingAction = { kind: 'approve' | 'reject'; ids: string[]; bulk: boolean } | { kind: 'cancel'; ids: [string]; bulk: false };

/** A readable reason for a code the redemption routes answer. */
export function redemptionErrorText(code: string, message: string): string {
  switch (code) {
    case 'INVALID_STATE':
      return t('redemptions.error.invalidState');
    case 'NOT_FOUND':
      return t('redemptions.error.notFound');
    case 'VTEX_UNAVAILABLE':
      return t('redemptions.error.vtexUnavailable');
    case 'VTEX_NOT_CONNECTED':
      return t('redemptions.error.vtexNotConnected');
    default:
      return message;
  }
}

const REASON_MAX = 500;

interface ActionDialogProps {
  action: PendingAction;
  /** The redemptions the action is about, as far as the list knows them. */
  find: (id: string) => Redemption | undefined;
  memberName: (memberId: string) => string;
  onCancel: () => void;
  /** Single actions answer nothing; bulk ones their results. */
  onDone: (results: BulkResults | null) => void;
  /** The action failed: the list may be out of date (someone else decided first). */
  onFailed: () => void;
}

export function ActionDialog({ action, find, memberName, onCancel, onDone, onFailed }: ActionDialogProps) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const needsReason = action.kind !== 'approve';
  // Read once: a reload after a failure may drop the row while the dialog still shows it.
  const [single] = useState(() => (action.bulk ? undefined : find(action.ids[0] as string)));
  const count = action.ids.length;

  const run = async () => {
    if (needsReason && reason.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      if (action.bulk) {
        const body = action.kind === 'approve' ? { redemptionIds: action.ids } : { redemptionIds: action.ids, reason: reason.trim() };
        onDone(await api.post<BulkResults>(`/redemptions/${action.kind}`, body));
      } else {
        const id = encodeURIComponent(action.ids[0] as string);
        await api.post<Redemption>(`/redemptions/${id}/${action.kind}`, needsReason ? { reason: reason.trim() } : undefined);
        onDone(null);
      }
    } catch (caught) {
      setError(caught);
      onFailed();
    } finally {
      setBusy(false);
    }
  };

  const subject = single ? { reward: single.reward.name, member: memberName(single.memberId), points: formatNumber(single.cost) } : null;
  let title: string;
  let text: string;
  let confirm: string;
  if (action.kind === 'approve') {
    title = action.bulk ? t('redemptions.approveMany.title', { n: count }) : t('redemptions.approve.title');
    text = subject ? t('redemptions.approve.text', subject) : t('redemptions.approveMany.text', { n: count });
    confirm = action.bulk ? t('redemptions.approveMany.confirm', { n: count }) : t('redemptions.approve.confirm');
  } else if (action.kind === 'reject') {
    title = action.bulk ? t('redemptions.rejectMany.title', { n: count }) : t('redemptions.reject.title');
    text = subject ? t('redemptions.reject.text', subject) : t('redemptions.rejectMany.text', { n: count });
    confirm = action.bulk ? t('redemptions.rejectMany.confirm', { n: count }) : t('redemptions.reject.confirm');
  } else {
    title = t('redemptions.cancel.title');
    text = t('redemptions.cancel.text', { code: single?.couponCode ?? '—', member: subject?.member ?? '—', points: subject?.points ?? '—' });
    confirm = t('redemptions.cancel.confirm');
  }

  return (
    <ConfirmDialog
      open
      title={title}
      confirmLabel={confirm}
      tone={action.kind === 'approve' ? 'primary' : 'danger'}
      busy={busy}
      confirmDisabled={needsReason && reason.trim() === ''}
      onConfirm={() => void run()}
      onCancel={onCancel}
      testid={`${action.kind}-dialog`}
    >
      <p>{text}</p>
      {needsReason ? (
        <TextAreaField
          name={`${action.kind}-reason`}
          label={action.kind === 'reject' ? t('redemptions.reject.reason') : t('redemptions.cancel.reason')}
          help={action.kind === 'reject' ? t('redemptions.reject.reasonHelp') : t('redemptions.cancel.reasonHelp')}
          value={reason}
          onValue={setReason}
          rows={3}
          maxLength={REASON_MAX}
          required
        />
      ) : null}
      {error ? (
        <Alert tone="error" testid="action-error">
          {isApiError(error) ? redemptionErrorText(error.code, errorMessage(error)) : errorMessage(error)}
        </Alert>
      ) : null}
    </ConfirmDialog>
  );
}

export function BulkResultsDialog({ results, labels, onClose }: { results: BulkResults['results']; labels: ReadonlyMap<string, string>; onClose: () => void }) {
  const done = results.filter((result) => result.redemption).length;
  return (
    <Dialog
      open
      title={t('redemptions.results.title')}
      onClose={onClose}
      testid="bulk-results"
      footer={
        <Button variant="primary" onClick={onClose} data-testid="bulk-results-close">
          {t('common.close')}
        </Button>
      }
    >
      <p>{t('redemptions.results.summary', { done, failed: results.length - done })}</p>
      <ul class="result-list">
        {results.map((result) => (
          <li key={result.id} data-testid={`bulk-result-${result.id}`} data-ok={result.redemption ? 'true' : 'false'}>
            <span>
              {labels.get(result.id) ?? result.id}
              {result.error ? <span class="cell-error">{redemptionErrorText(result.error.code, result.error.message)}</span> : null}
            </span>
            {result.redemption ? (
              <StatusBadge tone={redemptionStatusTone(result.redemption.status)}>{redemptionStatusLabel(result.redemption.status)}</StatusBadge>
            ) : (
              <StatusBadge tone="error">{t('redemptions.results.failed')}</StatusBadge>
            )}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
