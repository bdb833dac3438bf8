// Sync: each import and periodic job with a live progress bar (done/total, rate, ETA), its errors,
// the last order hook and the order events. Polls every 2 s while a job runs or waits to run.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Alert, Button, Card, Empty, ErrorState, Loading, Page, ProgressBar, StatusBadge, type Tone } from '../../components';
import { usePolling, useResource } from '../../hooks';
import { formatDateTime, formatDuration, formatNumber, formatRelative, t, type MessageKey } from '../../i18n';
import { Link } from '../../router';

interface SyncJob {
  kind: string;
  state: 'queued' | 'running' | 'retrying' | 'done' | 'failed' | 'stopped' | 'paused' | string;
  done: number;
  total: number | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  errors: number;
  lastError: { message: string; at: string | null } | null;
  startedAt: string | null;
  finishedAt: string | null;
  nextRunAt: string | null;
}

export interface SyncStatus {
  integration: { active: boolean; accountName: string; firstActivatedAt: string | null } | null;
  jobs: SyncJob[];
  hook: { lastReceivedAt: string | null };
  orderEvents: { pending: number; retrying: number; settled: number; failed: number; lastSettledAt: string | null };
  lastError: { orderId: string; error: string; at: string } | null;
}

const KNOWN_KINDS = ['customers.import', 'customers.delta', 'orders.import', 'orders.reconcile', 'products.import'];
const KNOWN_STATES = ['queued', 'running', 'retrying', 'done', 'failed', 'stopped', 'paused'];
/** Running, or about to run: worth watching every 2 s. A periodic job due in minutes is not. */
function isMoving(job: SyncJob, now = Date.now()): boolean {
  if (job.state === 'running') return true;
  if (job.state !== 'queued' && job.state !== 'retrying') return false;
  return job.nextRunAt === null || Date.parse(job.nextRunAt) - now < 15_000;
}

const STATE_TONE: Record<string, Tone> = { queued: 'info', running: 'info', retrying: 'warning', done: 'ok', failed: 'error', stopped: 'neutral', paused: 'neutral' };

const jobName = (kind: string) => (KNOWN_KINDS.includes(kind) ? t(`sync.job.${kind}` as MessageKey) : kind);
const stateName = (state: string) => (KNOWN_STATES.includes(state) ? t(`sync.state.${state}` as MessageKey) : state);

function When({ at }: { at: string }) {
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}

function JobCard({ job }: { job: SyncJob }) {
  const tone = job.state === 'failed' ? 'error' : job.state === 'done' ? 'ok' : 'normal';
  return (
    <li class="card job" data-testid={`job-${job.kind}`} data-state={job.state}>
      <div class="row-between">
        <h3>{jobName(job.kind)}</h3>
        <StatusBadge tone={STATE_TONE[job.state] ?? 'neutral'} testid={`job-state-${job.kind}`}>
          {stateName(job.state)}
        </StatusBadge>
      </div>
      {job.total !== null || job.state === 'running' ? (
        <ProgressBar done={job.done} total={job.total} label={jobName(job.kind)} testid={`progress-${job.kind}`} tone={tone} />
      ) : null}
      <div class="job-stats">
        <span data-testid={`job-count-${job.kind}`}>
          {job.total !== null ? t('sync.doneOfTotal', { done: formatNumber(job.done), total: formatNumber(job.total) }) : t('sync.done', { done: formatNumber(job.done) })}
        </span>
        {job.ratePerSecond !== null && job.state === 'running' ? (
          <span data-testid={`job-rate-${job.kind}`}>{t('sync.rate', { rate: formatNumber(job.ratePerSecond, { maximumFractionDigits: 1 }) })}</span>
        ) : null}
        {job.etaSeconds !== null && job.state === 'running' ? <span data-testid={`job-eta-${job.kind}`}>{t('sync.eta', { duration: formatDuration(job.etaSeconds) })}</span> : null}
        <span data-testid={`job-errors-${job.kind}`}>{job.errors > 0 ? t('sync.errors', { n: formatNumber(job.errors) }) : t('sync.noErrors')}</span>
        {job.startedAt ? <span title={formatDateTime(job.startedAt)}>{t('sync.started', { when: formatRelative(job.startedAt) })}</span> : null}
        {job.finishedAt ? <span title={formatDateTime(job.finishedAt)}>{t('sync.finished', { when: formatRelative(job.finishedAt) })}</span> : null}
        {job.nextRunAt ? <span title={formatDateTime(job.nextRunAt)}>{t('sync.nextRun', { when: formatRelative(job.nextRunAt) })}</span> : null}
      </div>
      {job.lastError ? (
        <Alert tone={job.state === 'failed' ? 'error' : 'warning'} testid={`job-error-${job.kind}`}>
          {t('sync.lastError', { when: job.lastError.at ? formatDateTime(job.lastError.at) : '—', message: job.lastError.message })}
        </Alert>
      ) : null}
    </li>
  );
}

function Stat({ label, value, testid }: { label: string; value: number; testid: string }) {
  return (
    <div class="stat" data-testid={testid}>
      <div class="stat-value">{formatNumber(value)}</div>
      <div class="stat-label">{label}</div>
    </div>
  );
}

export function SyncPage() {
  const status = useResource((signal) => api.get<SyncStatus>('/sync', { signal }), []);
  const [refreshing, setRefreshing] = useState(false);
  const data = status.data;
  const moving = Boolean(data?.jobs.some((job) => isMoving(job)));
  const refresh = () => (status.loading ? undefined : status.reload());
  usePolling(refresh, 2000, moving);
  // Otherwise a slow look, so a job that starts on its schedule (or a new hook) shows up.
  usePolling(refresh, 30_000, !moving);

  const actions = (
    <div class="row">
      {moving ? (
        <span class="muted" data-testid="sync-live" role="status">
          {t('sync.live')}
        </span>
      ) : null}
      <Button
        onClick={async () => {
          setRefreshing(true);
          await status.reload();
          setRefreshing(false);
        }}
        busy={refreshing}
        data-testid="sync-refresh"
      >
        {t('sync.refresh')}
      </Button>
    </div>
  );

  let body;
  if (status.error && !data) body = <ErrorState error={status.error} onRetry={() => void status.reload()} />;
  else if (!data) body = <Loading />;
  else if (!data.integration) {
    body = (
      <Alert tone="info" title={t('sync.notConnected')} testid="sync-not-connected">
        <Link href="/settings/integration">{t('sync.connect')}</Link>
      </Alert>
    );
  } else {
    const { integration, jobs, hook, orderEvents, lastError } = data;
    body = (
      <>
        <div class="row">
          <StatusBadge tone={integration.active ? 'ok' : 'neutral'} testid="sync-integration-state">
            {integration.active ? t('sync.active') : t('sync.inactiveBadge')}
          </StatusBadge>
          <span class="muted">{t('sync.account', { account: integration.accountName })}</span>
        </div>
        {!integration.active ? <Alert tone="warning">{t('sync.inactive')}</Alert> : null}
        <Card title={t('sync.jobs')} testid="sync-jobs">
          {jobs.length === 0 ? (
            <Empty>{t('sync.noJobs')}</Empty>
          ) : (
            <ul class="stack" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {jobs.map((job) => (
                <JobCard key={job.kind} job={job} />
              ))}
            </ul>
          )}
        </Card>
        <div class="grid-2">
          <Card title={t('sync.hook')} testid="sync-hook">
            <p data-testid="last-hook">
              {hook.lastReceivedAt ? (
                <>
                  {t('sync.lastHook')}: <When at={hook.lastReceivedAt} /> ({formatDateTime(hook.lastReceivedAt)})
                </>
              ) : (
                t('sync.noHook')
              )}
            </p>
          </Card>
          <Card title={t('sync.orderEvents')} testid="sync-order-events">
            <div class="stat-grid">
              <Stat label={t('sync.pending')} value={orderEvents.pending} testid="events-pending" />
              <Stat label={t('sync.retrying')} value={orderEvents.retrying} testid="events-retrying" />
              <Stat label={t('sync.settled')} value={orderEvents.settled} testid="events-settled" />
              <Stat label={t('sync.failed')} value={orderEvents.failed} testid="events-failed" />
            </div>
            {orderEvents.lastSettledAt ? (
              <p class="muted" title={formatDateTime(orderEvents.lastSettledAt)}>
                {t('sync.lastSettled', { when: formatRelative(orderEvents.lastSettledAt) })}
              </p>
            ) : null}
          </Card>
        </div>
        {lastError ? (
          <Alert tone="error" title={t('sync.lastOrderError')} testid="last-order-error">
            {t('sync.orderError', { orderId: lastError.orderId, when: formatDateTime(lastError.at), message: lastError.error })}
          </Alert>
        ) : null}
      </>
    );
  }

  return (
    <Page title={t('sync.title')} testid="page-sync" actions={actions}>
      <p class="muted">{t('sync.intro')}</p>
      {body}
    </Page>
  );
}
