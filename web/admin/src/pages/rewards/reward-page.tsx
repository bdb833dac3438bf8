// A new reward (/rewards/new) or one of the catalog (/rewards/:rewardId): its form, what the
// system knows about it (imported from VTEX, available, why coupons fail) and deactivation.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Alert, Button, ConfirmDialog, ErrorState, Loading, Page, StatusBadge, errorMessage, toast } from '../../components';
import { useResource } from '../../hooks';
import { formatDateTime, formatMoney, t } from '../../i18n';
import { Link, navigate, type RouteProps } from '../../router';
import { RewardForm } from './reward-form';
import { EMPTY_REWARD, valuesFromReward } from './reward-values';
import type { Reward, RewardInput } from './types';
import './rewards.css';

export function NewRewardPage() {
  const save = async (input: RewardInput) => {
    const created = await api.post<Reward>('/rewards', input);
    toast(t('rewards.created', { name: created.name }));
    navigate(`/rewards/${encodeURIComponent(created.id)}`);
  };
  return (
    <Page title={t('rewards.new')} testid="page-reward-new" actions={<Link href="/rewards">{t('rewards.backToList')}</Link>}>
      <RewardForm initial={EMPTY_REWARD} submitLabel={t('rewards.form.create')} save={save} />
    </Page>
  );
}

function RewardFacts({ reward }: { reward: Reward }) {
  return (
    <div class="stack" data-testid="reward-facts">
      <div class="row">
        {reward.active ? <StatusBadge tone="ok">{t('rewards.active')}</StatusBadge> : <StatusBadge tone="neutral">{t('rewards.inactive')}</StatusBadge>}
        {reward.source === 'vtex' ? <StatusBadge tone="info">{t('rewards.fromVtex')}</StatusBadge> : null}
        {!reward.available ? <StatusBadge tone="warning">{t('rewards.unavailable')}</StatusBadge> : null}
      </div>
      {reward.source === 'vtex' ? (
        <Alert tone="info">
          {t('rewards.vtexNote')}
          {reward.priceCents !== null ? ` ${t('rewards.vtexPrice', { price: formatMoney(reward.priceCents) })}` : ''}
          {reward.costEdited ? ` ${t('rewards.costEdited')}` : ''}
        </Alert>
      ) : null}
      {!reward.available ? (
        <Alert tone="warning" testid="reward-unavailable">
          {t('rewards.unavailableNote')}
          {reward.unavailableReason ? ` (${reward.unavailableReason})` : ''}
        </Alert>
      ) : null}
      {reward.issueError ? (
        <Alert tone="error" title={t('rewards.issueErrorTitle')} testid="reward-issue-error">
          {reward.issueError}
          <div>{t('rewards.issueErrorHelp')}</div>
        </Alert>
      ) : null}
      <p class="muted">{t('rewards.timestamps', { created: formatDateTime(reward.createdAt), updated: formatDateTime(reward.updatedAt) })}</p>
    </div>
  );
}

export function RewardPage({ params }: RouteProps) {
  const rewardId = params.rewardId ?? '';
  const resource = useResource((signal) => api.get<Reward>(`/rewards/${encodeURIComponent(rewardId)}`, { signal }), [rewardId]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [deactivateError, setDeactivateError] = useState<unknown>(null);
  // A new form after each save, so it starts from what the server kept.
  const [version, setVersion] = useState(0);
  const reward = resource.data;

  const save = async (input: RewardInput) => {
    const updated = await api.patch<Reward>(`/rewards/${encodeURIComponent(rewardId)}`, input);
    resource.setData(updated);
    setVersion(version + 1);
    toast(t('rewards.saved'));
  };

  const deactivate = async () => {
    setBusy(true);
    setDeactivateError(null);
    try {
      const updated = await api.post<Reward>(`/rewards/${encodeURIComponent(rewardId)}/deactivate`);
      resource.setData(updated);
      setVersion(version + 1);
      setConfirming(false);
      toast(t('rewards.deactivated'));
    } catch (caught) {
      setDeactivateError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (!reward) {
    return (
      <Page title={t('rewards.title')} testid="page-reward">
        {resource.error ? <ErrorState error={resource.error} onRetry={() => void resource.reload()} /> : <Loading />}
      </Page>
    );
  }

  return (
    <Page
      title={reward.name}
      testid="page-reward"
      actions={
        <>
          <Link href="/rewards" class="button button-ghost">
            {t('rewards.backToList')}
          </Link>
          {reward.active ? (
            <Button variant="danger" data-testid="deactivate-reward" onClick={() => setConfirming(true)}>
              {t('rewards.deactivate')}
            </Button>
          ) : null}
        </>
      }
    >
      <RewardFacts reward={reward} />
      <RewardForm key={`${reward.id}:${version}`} initial={valuesFromReward(reward)} submitLabel={t('common.save')} save={save} />
      <ConfirmDialog
        open={confirming}
        title={t('rewards.deactivateTitle')}
        confirmLabel={t('rewards.deactivate')}
        tone="danger"
        busy={busy}
        onConfirm={() => void deactivate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('rewards.deactivateText', { name: reward.name })}</p>
        {deactivateError ? <Alert tone="error">{errorMessage(deactivateError)}</Alert> : null}
      </ConfirmDialog>
    </Page>
  );
}
