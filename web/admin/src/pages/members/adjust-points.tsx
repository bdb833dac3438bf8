// A manual credit or debit with its reason. Each submission carries an idempotency key: a retry of
// the same submission (same points and reason, e.g. after a network error) reuses it, so the
// server records the adjustment once however many times it arrives.
import { useRef, useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, FormErrorSummary, TextAreaField, TextField, errorMessage, toast } from '../../components';
import { formatNumber, t } from '../../i18n';
import { validate, required, maxLength, type Rule } from '../../validation';
import { focusFirstInvalid } from './focus';
import { newIdempotencyKey } from './member-format';
import type { Balance, Transaction } from './types';

const MAX_POINTS = 1_000_000_000;

const signedPoints: Rule = (value) => {
  const text = value.trim();
  if (text === '') return null;
  if (!/^[+-]?\d+$/.test(text)) return t('validation.integer');
  const points = Number(text);
  if (points === 0) return t('member.adjust.notZero');
  if (Math.abs(points) > MAX_POINTS) return t('member.adjust.tooMany', { max: MAX_POINTS });
  return null;
};

export function AdjustPoints({ memberId, balance, onAdjusted }: { memberId: string; balance: Balance; onAdjusted: (transaction: Transaction) => void }) {
  const [values, setValues] = useState({ points: '', reason: '' });
  const [errors, setErrors] = useState<Partial<Record<'points' | 'reason', string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  /** The key of the submission being tried, with the body it was made for. */
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const points = /^[+-]?\d+$/.test(values.points.trim()) ? Number(values.points.trim()) : null;
  const after = points === null || points === 0 ? null : balance.available + points;

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    const found = validate(values, { points: [required, signedPoints], reason: [required, maxLength(500)] });
    setErrors(found);
    if (Object.values(found).some(Boolean) || points === null) {
      focusFirstInvalid(formRef.current);
      return;
    }
    const body = { points, reason: values.reason.trim() };
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text) attempt.current = { key: newIdempotencyKey(), body: text };
    setBusy(true);
    try {
      const transaction = await api.post<Transaction>(`/members/${encodeURIComponent(memberId)}/adjustments`, body, { headers: { 'idempotency-key': attempt.current.key } });
      attempt.current = null;
      setValues({ points: '', reason: '' });
      toast(points > 0 ? t('member.adjust.credited', { n: points }) : t('member.adjust.debited', { n: -points }));
      onAdjusted(transaction);
    } catch (caught) {
      if (isApiError(caught) && caught.fieldErrors.length > 0 && caught.code === 'VALIDATION_FAILED') {
        const fields = caught.fieldMap();
        setErrors({ points: fields.points ? t('member.adjust.invalidPoints') : undefined, reason: fields.reason ? t('validation.required') : undefined });
      }
      setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  let failureText: string | null = null;
  if (failure) {
    if (isApiError(failure) && failure.code === 'INSUFFICIENT_POINTS') failureText = t('member.adjust.insufficient', { available: formatNumber(balance.available) });
    else if (isApiError(failure) && failure.code === 'IDEMPOTENCY_CONFLICT') failureText = t('member.adjust.conflict');
    else if (isApiError(failure) && failure.code === 'INVALID_STATE') failureText = t('member.adjust.invalidState');
    else if (!(isApiError(failure) && failure.code === 'VALIDATION_FAILED')) failureText = errorMessage(failure);
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate data-testid="adjust-form">
      <TextField
        name="points"
        label={t('member.adjust.points')}
        help={t('member.adjust.pointsHelp')}
        value={values.points}
        onValue={(points) => setValues({ ...values, points })}
        error={errors.points ?? null}
        inputMode="numeric"
        autoComplete="off"
        required
      />
      {after !== null && points !== null ? (
        <p class={`adjust-preview ${after < 0 ? 'points-out' : 'muted'}`} data-testid="adjust-preview" aria-live="polite">
          {after < 0
            ? t('member.adjust.previewShort', { available: formatNumber(balance.available) })
            : t('member.adjust.preview', { from: formatNumber(balance.available), to: formatNumber(after) })}
        </p>
      ) : null}
      <TextAreaField
        name="reason"
        label={t('member.adjust.reason')}
        help={t('member.adjust.reasonHelp')}
        value={values.reason}
        onValue={(reason) => setValues({ ...values, reason })}
        error={errors.reason ?? null}
        rows={2}
        maxLength={500}
        required
      />
      <FormErrorSummary show={Boolean(errors.points || errors.reason)} />
      {failureText ? (
        <Alert tone="error" testid="adjust-error" title={t('member.adjust.failed')}>
          <span data-code={isApiError(failure) ? failure.code : undefined}>{failureText}</span>
        </Alert>
      ) : null}
      <div class="form-actions">
        <Button type="submit" variant="primary" busy={busy} data-testid="adjust-submit">
          {points !== null && points < 0 ? t('member.adjust.debit') : t('member.adjust.credit')}
        </Button>
      </div>
    </form>
  );
}
