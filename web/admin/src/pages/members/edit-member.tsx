// Changing a member's data (PATCH /members/:id): only the fields that changed are sent, an
// emptied field clears it; checked as the server checks them (src/domain/member.ts).
import { useRef, useState } from 'preact/hooks';
import { api, isApiError } from '../../api';
import { Alert, Button, CheckboxField, Dialog, FormErrorSummary, SelectField, TextField, errorMessage } from '../../components';
import { t } from '../../i18n';
import { email, maxLength, validate, type Rule } from '../../validation';
import { focusFirstInvalid } from './focus';
import type { Member } from './types';

type Field = 'name' | 'email' | 'document' | 'phone' | 'birthDate' | 'externalId' | 'status';
type Values = Record<Field, string> & { marketingOptIn: boolean };

/** True for a CPF with valid check digits (src/domain/member.ts isValidCpf). */
function isValidCpf(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (length: number) => {
    let sum = 0;
    for (let index = 0; index < length; index++) sum += Number(digits[index]) * (length + 1 - index);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === Number(digits[9]) && check(10) === Number(digits[10]);
}

const cpf: Rule = (value) => {
  const text = value.trim();
  if (!text || !/^[\d.\-\s]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length === 11 && !isValidCpf(digits) ? t('member.error.cpf') : null;
};

const birthDate: Rule = (value) => {
  if (!value) return null;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return t('member.error.birthDate');
  return date.getTime() > Date.now() || date.getUTCFullYear() < 1900 ? t('member.error.birthDate') : null;
};

const valuesOf = (member: Member): Values => ({
  name: member.name ?? '',
  email: member.email ?? '',
  document: member.document ?? '',
  phone: member.phone ?? '',
  birthDate: member.birthDate ?? '',
  externalId: member.externalId ?? '',
  status: member.status === 'blocked' ? 'blocked' : 'active',
  marketingOptIn: member.marketingOptIn,
});

/** The server's message for a field, in the panel's language where we know what it means. */
function serverMessage(field: string, message: string, code: string): string {
  if (code === 'MEMBER_EXISTS') return t('member.error.taken');
  if (/needs an email/i.test(message)) return t('member.error.needsId');
  if (field === 'document') return t('member.error.cpf');
  if (field === 'birthDate') return t('member.error.birthDate');
  if (field === 'email') return t('validation.email');
  return message;
}

export function EditMember({ member, onClose, onSaved }: { member: Member; onClose: () => void; onSaved: (member: Member) => void }) {
  const [values, setValues] = useState(() => valuesOf(member));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const initial = valuesOf(member);
  const formRef = useRef<HTMLFormElement>(null);

  const check = (next: Values) => {
    const { marketingOptIn: _optIn, ...texts } = next;
    const found = validate(texts, {
      name: [maxLength(200)],
      email: [email, maxLength(254)],
      document: [maxLength(32), cpf],
      phone: [maxLength(32)],
      birthDate: [birthDate],
      externalId: [maxLength(200)],
    });
    if (!found.email && !next.email.trim() && !next.externalId.trim() && !member.vtexUserId) found.email = t('member.error.needsId');
    return found;
  };

  const set = (field: Field) => (value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    if (Object.keys(errors).length > 0) setErrors(check(next));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    const found = check(values);
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    const changes: Record<string, string | boolean | null> = {};
    for (const field of ['name', 'email', 'document', 'phone', 'birthDate', 'externalId', 'status'] as const) {
      if (values[field].trim() !== initial[field]) changes[field] = values[field].trim() === '' ? null : values[field].trim();
    }
    if (values.marketingOptIn !== initial.marketingOptIn) changes.marketingOptIn = values.marketingOptIn;
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      onSaved(await api.patch<Member>(`/members/${encodeURIComponent(member.id)}`, changes));
    } catch (caught) {
      if (isApiError(caught) && caught.fieldErrors.length > 0) {
        const server: Partial<Record<Field, string>> = {};
        for (const { field, message } of caught.fieldErrors) {
          if (field in values) server[field as Field] ??= serverMessage(field, message, caught.code);
        }
        setErrors(server);
        focusFirstInvalid(formRef.current);
        if (Object.keys(server).length === 0) setFailure(caught);
      } else setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: Field) => ({ name, value: values[name], onValue: set(name), error: errors[name] ?? null });

  return (
    <Dialog
      open
      wide
      title={t('member.edit.title')}
      onClose={onClose}
      testid="member-edit-dialog"
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" form="member-edit-form" busy={busy} data-testid="save-member">
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id="member-edit-form" ref={formRef} onSubmit={submit} noValidate>
        <div class="grid-2">
          <TextField {...field('name')} label={t('member.field.name')} autoComplete="off" maxLength={200} />
          <TextField {...field('email')} type="email" label={t('member.field.email')} autoComplete="off" maxLength={254} />
          <TextField {...field('document')} label={t('member.field.document')} help={t('member.edit.documentHelp')} autoComplete="off" maxLength={32} />
          <TextField {...field('phone')} type="tel" label={t('member.field.phone')} autoComplete="off" maxLength={32} />
          <TextField {...field('birthDate')} type="date" label={t('member.field.birthDate')} />
          <TextField {...field('externalId')} label={t('member.field.externalId')} help={t('member.edit.externalIdHelp')} autoComplete="off" maxLength={200} />
          <SelectField
            {...field('status')}
            label={t('member.field.status')}
            help={t('member.edit.statusHelp')}
            options={[
              { value: 'active', label: t('members.status.active') },
              { value: 'blocked', label: t('members.status.blocked') },
            ]}
          />
        </div>
        <CheckboxField name="marketingOptIn" label={t('member.field.marketingOptIn')} checked={values.marketingOptIn} onChecked={(marketingOptIn) => setValues({ ...values, marketingOptIn })} />
        <FormErrorSummary show={Object.values(errors).some(Boolean)} />
        {failure ? (
          <Alert tone="error" testid="member-edit-error">
            {isApiError(failure) && failure.code === 'INVALID_STATE' ? t('member.erasedCannotChange') : errorMessage(failure)}
          </Alert>
        ) : null}
      </form>
    </Dialog>
  );
}
