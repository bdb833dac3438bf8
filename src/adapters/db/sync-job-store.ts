import { and, eq, sql } from 'drizzle-orm';
import type { SyncJob, SyncJobKind, SyncJobState, SyncJobStore } from '../../app/sync/ports';
import type { Database } from './database';
import { syncJobs } from './schema';

// Rows from `database.query` carry snake_case names; timestamps arrive as Date (pg) or text.
interface RawRow {
  tenant_id: string;
  kind: string;
  state: string;
  checkpoint: Record<string, unknown>;
  done: number;
  total: number | null;
  errors: number;
  last_error: string | null;
  last_error_at: string | Date | null;
  attempts: number;
  started_at: string | Date | null;
  finished_at: string | Date | null;
  run_after: string | Date;
  updated_at: string | Date;
}

const date = (value: string | Date | null): Date | null => (value === null ? null : new Date(value));

const fromRaw = (row: RawRow): SyncJob => ({
  tenantId: row.tenant_id,
  kind: row.kind as SyncJobKind,
  state: row.state as SyncJobState,
  checkpoint: row.checkpoint,
  done: row.done,
  total: row.total,
  errors: row.errors,
  lastError: row.last_error,
  lastErrorAt: date(row.last_error_at),
  attempts: row.attempts,
  startedAt: date(row.started_at),
  finishedAt: date(row.finished_at),
  runAfter: new Date(row.run_after),
  updatedAt: new Date(row.updated_at),
});

const held = (job: Pick<SyncJob, 'tenantId' | 'kind'>, owner: string) =>
  and(eq(syncJobs.tenantId, job.tenantId), eq(syncJobs.kind, job.kind), eq(syncJobs.leaseOwner, owner));

export function sqlSyncJobStore(database: Database): SyncJobStore {
  const { orm } = database;
  return {
    async schedule(tenantId, kind, start) {
      await orm
        .insert(syncJobs)
        .values({ tenantId, kind, state: 'queued', checkpoint: start.checkpoint, runAfter: start.runAfter })
        .onConflictDoUpdate({
          target: [syncJobs.tenantId, syncJobs.kind],
          set: { state: 'queued', runAfter: start.runAfter, attempts: 0, updatedAt: sql`now()` },
          setWhere: sql`${syncJobs.state} in ('stopped', 'failed')`,
        });
    },

    async runNow(tenantId, kind, start) {
      await orm
        .insert(syncJobs)
        .values({ tenantId, kind, state: 'queued', checkpoint: start.checkpoint, runAfter: start.now })
        .onConflictDoUpdate({
          target: [syncJobs.tenantId, syncJobs.kind],
          set: { state: 'queued', runAfter: start.now, attempts: 0, updatedAt: sql`now()` },
          setWhere: sql`${syncJobs.state} <> 'running'`,
        });
    },

    async stop(tenantId, kind, now) {
      await orm
        .update(syncJobs)
        .set({ state: 'stopped', leaseOwner: null, leaseUntil: null, updatedAt: now })
        .where(and(eq(syncJobs.tenantId, tenantId), eq(syncJobs.kind, kind), sql`${syncJobs.state} <> 'done'`));
    },

    async claim(owner, now, leaseMs, tenantIds) {
      const at = now.toISOString();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      // SKIP LOCKED: two workers claiming at once take different jobs instead of waiting.
      const [row] = await database.query<RawRow>(sql`update sync_jobs j
        set lease_owner = ${owner}, lease_until = ${until}::timestamptz, state = 'running',
            started_at = coalesce(j.started_at, ${at}::timestamptz), updated_at = clock_timestamp()
        where (j.tenant_id, j.kind) = (
          select d.tenant_id, d.kind from sync_jobs d
          join vtex_integrations v on v.tenant_id = d.tenant_id and v.active
          where d.state in ('queued', 'running', 'retrying') and d.run_after <= ${at}::timestamptz
            and (d.lease_until is null or d.lease_until < ${at}::timestamptz)
            ${tenantIds === undefined ? sql`` : tenantIds.length === 0 ? sql`and false` : sql`and d.tenant_id in (${sql.join(tenantIds.map((id) => sql`${id}`), sql`, `)})`}
          -- Ties (a job just released to let others run, jobs queued together) go to the one
          -- touched longest ago, so a slice hands the turn to the others.
          order by d.run_after, d.updated_at
          limit 1
          for update of d skip locked)
        returning j.*`);
      return row ? fromRaw(row) : null;
    },

    async progress(job, owner, progress, leaseUntil) {
      const updated = await orm
        .update(syncJobs)
        .set({
          checkpoint: progress.checkpoint,
          done: progress.done,
          total: progress.total,
          errors: sql`${syncJobs.errors} + ${progress.newErrors}`,
          ...(progress.lastError !== null ? { lastError: progress.lastError.slice(0, 1000), lastErrorAt: sql`now()` } : {}),
          leaseUntil,
          updatedAt: sql`now()`,
        })
        .where(held(job, owner))
        .returning({ kind: syncJobs.kind });
      return updated.length > 0;
    },

    async release(job, owner, end) {
      await orm
        .update(syncJobs)
        .set({
          state: end.state,
          runAfter: end.runAfter,
          attempts: end.attempts,
          leaseOwner: null,
          leaseUntil: null,
          // The database's own clock, which always moves on: it orders ties when claiming.
          updatedAt: sql`clock_timestamp()`,
          ...(end.checkpoint !== undefined ? { checkpoint: end.checkpoint } : {}),
          ...(end.done !== undefined ? { done: end.done } : {}),
          ...(end.total !== undefined ? { total: end.total } : {}),
          ...(end.newErrors ? { errors: sql`${syncJobs.errors} + ${end.newErrors}` } : {}),
          ...(end.lastError ? { lastError: end.lastError.slice(0, 1000), lastErrorAt: end.now } : {}),
          ...(end.finishedAt ? { finishedAt: end.finishedAt } : {}),
        })
        .where(held(job, owner));
    },

    async releaseHeldBy(owner, now) {
      const released = await orm
        .update(syncJobs)
        .set({
          state: sql`case when ${syncJobs.state} = 'running' then 'queued' else ${syncJobs.state} end`,
          runAfter: sql`case when ${syncJobs.state} = 'running' then ${now.toISOString()}::timestamptz else ${syncJobs.runAfter} end`,
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: sql`clock_timestamp()`,
        })
        .where(eq(syncJobs.leaseOwner, owner))
        .returning({ kind: syncJobs.kind });
      return released.length;
    },

    async list(tenantId) {
      const rows = await database.query<RawRow>(sql`select * from sync_jobs where tenant_id = ${tenantId} order by kind`);
      return rows.map(fromRaw);
    },
  };
}
