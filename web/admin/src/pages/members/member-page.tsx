// One member (/members/:memberId): balance, personal data, manual adjustment, points history,
// redemptions, and the LGPD actions (export, erase).
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Alert, Button, Card, ErrorState, Loading, Page, StatusBadge, toast } from '../../components';
import { useResource } from '../../hooks';
import { formatDate, formatDateTime, formatNumber, t } from '../../i18n';
import { Link } from '../../router';
import type { RouteProps } from '../../router';
import { AdjustPoints } from './adjust-points';
import { EditMember } from './edit-member';
import { formatDocument, memberStatusLabel, memberStatusTone } from './member-format';
import { MemberLedger } from './member-ledger';
import { forgetMember, memberLabel } from './member-lookup';
import { EraseDialog, ExportButton } from './member-privacy';
import { MemberRedemptions } from './member-redemptions';
import type { Balance, MemberWithBalance } from './types';
import './members.css';
import '../redemptions/redemptions.css';

function BalanceCard({ balance }: { balance: Balance }) {
  const item = (name: string, label: string, value: number, main = false) => (
    <div class={`balance-item${main ? ' balance-main' : ''}`} data-testid={`balance-${name}`} data-value={value}>
      <span>{label}</span>
      <strong>{formatNumber(value)}</strong>
    </div>
  );
  return (
    <Card title={t('member.balance.title')} testid="member-balance">
      <div class="balance-grid">
        {item('available', t('member.balance.available'), balance.available, true)}
        {item('pending', t('member.balance.pending'), balance.pending)}
        {item('held', t('member.balance.held'), balance.held)}
        {item('lifetime', t('member.balance.lifetime'), balance.lifetimeEarned)}
      </div>
      <p class="muted member-note" data-testid="balance-next-expiry">
        {balance.nextExpiry
          ? t('member.balance.nextExpiry', { n: balance.nextExpiry.points, date: formatDate(balance.nextExpiry.date) })
          : t('member.balance.noExpiry')}
      </p>
      <p class="muted member-note">{t('member.balance.help')}</p>
    </Card>
  );
}

function PersonalData({ member }: { member: MemberWithBalance }) {
  const none = t('common.none');
  const rows: [string, string, string][] = [
    ['name', t('member.field.name'), member.name ?? none],
    ['email', t('member.field.email'), member.email ?? none],
    ['document', t('member.field.document'), formatDocument(member.document)],
    ['phone', t('member.field.phone'), member.phone ?? none],
    ['birthDate', t('member.field.birthDate'), member.birthDate ? formatDate(member.birthDate) : none],
    ['marketingOptIn', t('member.field.marketingOptIn'), member.marketingOptIn ? t('common.yes') : t('common.no')],
    ['externalId', t('member.field.externalId'), member.externalId ?? none],
    ['vtexUserId', t('member.field.vtexUserId'), member.vtexUserId ?? none],
    ['createdAt', t('member.field.joined'), formatDateTime(member.createdAt)],
    ['updatedAt', t('member.field.updated'), formatDateTime(member.updatedAt)],
  ];
  return (
    <dl class="details" data-testid="member-data">
      {rows.map(([key, label, value]) => [
        <dt key={`${key}-label`}>{label}</dt>,
        <dd key={key} data-field={key}>
          {value}
        </dd>,
      ])}
    </dl>
  );
}

export function MemberPage({ params }: RouteProps) {
  const memberId = params.memberId ?? '';
  const resource = useResource((signal) => api.get<MemberWithBalance>(`/members/${encodeURIComponent(memberId)}`, { signal }), [memberId]);
  const [dialog, setDialog] = useState<'edit' | 'erase' | null>(null);
  /** Bumped after a change, so the history and redemptions read again. */
  const [version, setVersion] = useState(0);
  const member = resource.data;

  if (!member) {
    return (
      <Page title={t('member.title')} testid="page-member">
        {resource.error ? <ErrorState error={resource.error} onRetry={() => void resource.reload()} /> : <Loading />}
        <Link href="/members">{t('member.backToList')}</Link>
      </Page>
    );
  }

  const erased = member.status === 'erased';
  const changed = () => {
    forgetMember(memberId);
    setVersion((value) => value + 1);
    void resource.reload();
  };

  return (
    <Page
      title={memberLabel(member)}
      testid="page-member"
      actions={
        <>
          {!erased ? (
            <Button onClick={() => setDialog('edit')} data-testid="edit-member">
              {t('member.edit.action')}
            </Button>
          ) : null}
          <ExportButton member={member} />
          {!erased ? (
            <Button variant="danger" onClick={() => setDialog('erase')} data-testid="erase-member">
              {t('member.erase.action')}
            </Button>
          ) : null}
        </>
      }
    >
      <div class="member-meta">
        <StatusBadge tone={memberStatusTone(member.status)} testid="member-status">
          {memberStatusLabel(member.status)}
        </StatusBadge>
        <span class="muted">{t('member.idLine', { id: member.id, date: formatDate(member.createdAt) })}</span>
        <Link href="/members">{t('member.backToList')}</Link>
      </div>
      {erased ? (
        <Alert tone="info" title={t('member.erasedTitle')} testid="member-erased">
          {t('member.erasedText', { date: formatDateTime(member.updatedAt) })}
        </Alert>
      ) : null}
      {member.status === 'blocked' ? (
        <Alert tone="warning" testid="member-blocked">
          {t('member.blockedText')}
        </Alert>
      ) : null}
      <BalanceCard balance={member.balance} />
      <div class="grid-2">
        <Card title={t('member.data.title')} testid="member-data-card" actions={<Link href={`/emails?memberId=${encodeURIComponent(member.id)}`}>{t('member.data.emails')}</Link>}>
          <PersonalData member={member} />
        </Card>
        <Card title={t('member.adjust.title')} testid="member-adjust">
          {erased ? (
            <p class="muted">{t('member.adjust.erased')}</p>
          ) : (
            <>
              <p class="muted member-note">{t('member.adjust.intro')}</p>
              <AdjustPoints memberId={member.id} balance={member.balance} onAdjusted={changed} />
            </>
          )}
        </Card>
      </div>
      <Card title={t('member.ledger.title')} testid="member-ledger-card">
        <MemberLedger memberId={member.id} version={version} />
      </Card>
      <Card title={t('member.redemptions.title')} testid="member-redemptions-card">
        <MemberRedemptions memberId={member.id} version={version} />
      </Card>
      {dialog === 'edit' ? (
        <EditMember
          member={member}
          onClose={() => setDialog(null)}
          onSaved={(updated) => {
            // Shown at once; the reload after it brings the balance too.
            resource.setData({ ...member, ...updated });
            setDialog(null);
            toast(t('common.saved'));
            changed();
          }}
        />
      ) : null}
      {dialog === 'erase' ? (
        <EraseDialog
          member={member}
          onCancel={() => setDialog(null)}
          onErased={() => {
            setDialog(null);
            changed();
          }}
        />
      ) : null}
    </Page>
  );
}
