// One e-mail as the member sees it: the HTML part in a sandboxed frame (the server also sends it
// with a sandboxing CSP: no scripts, nothing fetched but images), and the plain-text part.
import { useState } from 'preact/hooks';
import { api, apiUrl } from '../../api';
import { Button, Dialog, ErrorState, Loading } from '../../components';
import { useResource } from '../../hooks';
import { formatDateTime, t } from '../../i18n';
import { StatusTabs } from '../redemptions/status-tabs';
import { emailStatusLabel, emailTypeLabel } from './email-labels';
import type { EmailFull, EmailSummary } from './types';

export function EmailPreview({ email, onClose }: { email: EmailSummary; onClose: () => void }) {
  const [part, setPart] = useState<'html' | 'text'>('html');
  const full = useResource((signal) => api.get<EmailFull>(`/emails/${encodeURIComponent(email.id)}`, { signal }), [email.id]);
  const id = encodeURIComponent(email.id);
  return (
    <Dialog
      open
      wide
      title={email.subject}
      onClose={onClose}
      testid="email-preview"
      footer={
        <Button variant="primary" onClick={onClose} data-testid="email-preview-close">
          {t('common.close')}
        </Button>
      }
    >
      <dl class="details email-meta">
        <dt>{t('emails.col.to')}</dt>
        <dd>{email.to || t('common.none')}</dd>
        <dt>{t('emails.from')}</dt>
        <dd>{email.from}</dd>
        <dt>{t('emails.col.type')}</dt>
        <dd>{emailTypeLabel(email.type)}</dd>
        <dt>{t('emails.col.status')}</dt>
        <dd>
          {emailStatusLabel(email.status)}
          {email.sentAt ? ` · ${formatDateTime(email.sentAt)}` : ''}
        </dd>
        {email.smtpResponse ? (
          <>
            <dt>{t('emails.smtpResponse')}</dt>
            <dd>{email.smtpResponse}</dd>
          </>
        ) : null}
      </dl>
      <StatusTabs
        label={t('emails.preview.parts')}
        options={[
          { value: 'html', label: t('emails.preview.html') },
          { value: 'text', label: t('emails.preview.text') },
        ]}
        value={part}
        onChange={(value) => setPart(value === 'text' ? 'text' : 'html')}
      />
      {part === 'html' ? (
        <iframe class="email-frame" title={t('emails.preview.frameTitle', { subject: email.subject })} sandbox="" src={apiUrl(`/emails/${id}/preview`)} data-testid="email-preview-frame" />
      ) : full.data ? (
        <pre class="email-text" data-testid="email-text">
          {full.data.text}
        </pre>
      ) : full.error ? (
        <ErrorState error={full.error} onRetry={() => void full.reload()} />
      ) : (
        <Loading />
      )}
    </Dialog>
  );
}
