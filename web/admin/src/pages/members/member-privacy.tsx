// LGPD: a member's data export (a JSON file to hand to the member) and the erasure of their
// personal data, behind a confirmation that asks for the member's e-mail (or the word ERASE).
import { useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, ConfirmDialog, TextAreaField, TextField, errorMessage, toast } from '../../components';
import { t } from '../../i18n';
import type { Member } from './types';

/** The confirmation words, in any of the panel's languages. */
const ERASE_WORDS = ['APAGAR', 'ERASE', 'BORRAR'];

function saveFile(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportButton({ member }: { member: Member }) {
  const [busy, setBusy] = useState(false);
  const exportData = async () => {
    setBusy(true);
    try {
      const data = await api.get<unknown>(`/members/${encodeURIComponent(member.id)}/export`);
      saveFile(`member-${member.id}.json`, `${JSON.stringify(data, null, 2)}\n`);
      toast(t('member.export.done'));
    } catch (error) {
      toast(t('member.export.failed', { reason: errorMessage(error) }), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={() => void exportData()} busy={busy} data-testid="export-member" title={t('member.export.help')}>
      {t('member.export.action')}
    </Button>
  );
}

export function EraseDialog({ member, onCancel, onErased }: { member: Member; onCancel: () => void; onErased: () => void }) {
  const [confirmation, setConfirmation] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const typed = confirmation.trim();
  const confirmed = ERASE_WORDS.includes(typed.toUpperCase()) || (member.email !== null && typed.toLowerCase() === member.email.toLowerCase());

  const erase = async () => {
    if (!confirmed || !reason.trim()) return;
    setBusy(true);
    setFailure(null);
    try {
      await api.post(`/members/${encodeURIComponent(member.id)}/erase`, { reason: reason.trim() });
      toast(t('member.erase.done'));
      onErased();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      open
      title={t('member.erase.title')}
      confirmLabel={t('member.erase.confirm')}
      tone="danger"
      busy={busy}
      confirmDisabled={!confirmed || !reason.trim()}
      onConfirm={() => void erase()}
      onCancel={onCancel}
      testid="erase-dialog"
    >
      <Alert tone="warning" title={t('member.erase.irreversible')}>
        {t('member.erase.what')}
      </Alert>
      <p>{t('member.erase.kept')}</p>
      <TextAreaField name="erase-reason" label={t('member.erase.reason')} help={t('member.erase.reasonHelp')} value={reason} onValue={setReason} rows={2} maxLength={500} required />
      <TextField
        name="erase-confirm"
        label={member.email ? t('member.erase.typeEmail', { email: member.email, word: t('member.erase.word') }) : t('member.erase.typeWord', { word: t('member.erase.word') })}
        value={confirmation}
        onValue={setConfirmation}
        autoComplete="off"
        required
      />
      {failure ? (
        <Alert tone="error" testid="erase-error">
          {isApiError(failure) && failure.code === 'INVALID_STATE' ? t('member.erase.already') : errorMessage(failure)}
        </Alert>
      ) : null}
    </ConfirmDialog>
  );
}
