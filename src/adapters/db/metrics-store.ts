// The queue gauges of GET /metrics: aggregates over every tenant, for the operator. The waiting
// rows are found through the partial and status indexes the workers claim with, so each reading
// touches what is queued, not the history — except the failed order events, counted in one scan.
// Ages are computed in SQL against the caller's `now`, in seconds.
import { sql, type SQL } from 'drizzle-orm';
import type { MetricsStore, QueueGauges } from '../../app/metrics/ports';
import { SYNC_JOB_KINDS, type SyncJobKind, type SyncJobState } from '../../app/sync/ports';
import type { Database } from './database';

const age = (column: string, filter: SQL, now: string) =>
  sql`extract(epoch from (${now}::timestamptz - min(${sql.raw(column)}) filter (where ${filter})))::float8`;

// Ages never go below zero: rows written by a clock slightly ahead of the reader's.
const seconds = (value: number | null) => (value === null ? null : Math.max(0, value));

export function sqlMetricsStore(database: Database): MetricsStore {
  return {
    async queueGauges(now) {
      const at = now.toISOString();
      const waiting = sql`e.attempts = 0 and v.active`;
      const [events] = await database.query<{ pending: number; retrying: number; paused: number; oldest: number | null }>(sql`select
          count(*) filter (where e.attempts = 0 and v.active)::int as pending,
          count(*) filter (where e.attempts > 0 and v.active)::int as retrying,
          count(*) filter (where v.active is not true)::int as paused,
          ${age('e.received_at', waiting, at)} as oldest
        from order_events e left join vtex_integrations v on v.tenant_id = e.tenant_id
        where e.processed_at is null`);
      const [failedEvents] = await database.query<{ failed: number }>(sql`select count(*)::int as failed from order_events where outcome = 'failed'`);

      // A job a worker could claim now: waiting, due, its lease free or run out, integration active.
      const claimable = sql`j.state in ('queued', 'running', 'retrying') and v.active and j.run_after <= ${at}::timestamptz
        and (j.lease_until is null or j.lease_until < ${at}::timestamptz)`;
      const jobs = await database.query<{ kind: SyncJobKind; state: SyncJobState | 'paused'; jobs: number; done: number; expected: number; oldest: number | null }>(sql`select
          j.kind,
          case when j.state in ('queued', 'running', 'retrying') and v.active is not true then 'paused' else j.state end as state,
          count(*)::int as jobs,
          coalesce(sum(j.done), 0)::float8 as done,
          coalesce(sum(j.total), 0)::float8 as expected,
          ${age('j.run_after', claimable, at)} as oldest
        from sync_jobs j left join vtex_integrations v on v.tenant_id = j.tenant_id
        group by 1, 2
        order by 1, 2`);
      const oldestDue: Partial<Record<SyncJobKind, number>> = {};
      for (const row of jobs) {
        const value = seconds(row.oldest);
        if (value !== null && SYNC_JOB_KINDS.includes(row.kind)) oldestDue[row.kind] = Math.max(oldestDue[row.kind] ?? 0, value);
      }

      const queuedEmail = sql`e.status = 'queued' and v.active`;
      const [emails] = await database.query<{ queued: number; failed: number; oldest: number | null }>(sql`select
          count(*) filter (where e.status = 'queued' and v.active)::int as queued,
          count(*) filter (where e.status = 'failed')::int as failed,
          ${age('e.created_at', queuedEmail, at)} as oldest
        from emails e left join vtex_integrations v on v.tenant_id = e.tenant_id
        where e.status in ('queued', 'failed')`);

      const [issuing] = await database.query<{ issuing: number; oldest: number | null }>(sql`select
          count(*)::int as issuing,
          ${age('created_at', sql`true`, at)} as oldest
        from redemptions where status = 'issuing'`);

      const gauges: QueueGauges = {
        orderEvents: {
          pending: events?.pending ?? 0,
          retrying: events?.retrying ?? 0,
          paused: events?.paused ?? 0,
          failed: failedEvents?.failed ?? 0,
          oldestPendingAgeSeconds: seconds(events?.oldest ?? null),
        },
        syncJobs: jobs.map(({ kind, state, jobs: count, done, expected }) => ({ kind, state, jobs: count, done, expected })),
        oldestDueSyncJobAgeSeconds: oldestDue,
        emails: { queued: emails?.queued ?? 0, failed: emails?.failed ?? 0, oldestQueuedAgeSeconds: seconds(emails?.oldest ?? null) },
        redemptions: { issuing: issuing?.issuing ?? 0, oldestIssuingAgeSeconds: seconds(issuing?.oldest ?? null) },
      };
      return gauges;
    },
  };
}
