import { Type } from 'typebox';
import { getSyncStatus, type SyncJobStatus } from '../../../app/integrations/get-sync-status';
import { SYNC_JOB_KINDS } from '../../../app/sync/ports';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { errorResponses } from '../../schemas';

const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** One import or periodic job, as GET /sync lists them (and POST /rewards/import answers its own). */
export const SyncJobSchema = Type.Object({
  kind: Type.String({ description: SYNC_JOB_KINDS.join(', ') }),
  state: Type.String({
    description: 'queued, running, retrying, done, failed (VTEX refused the key: see lastError), stopped (its toggle is off), paused (the integration is inactive)',
  }),
  done: Type.Integer(),
  total: Type.Union([Type.Integer(), Type.Null()]),
  ratePerSecond: Type.Union([Type.Number(), Type.Null()]),
  etaSeconds: Type.Union([Type.Integer(), Type.Null()]),
  errors: Type.Integer({ description: 'Records VTEX sent that could not be used, and failed attempts' }),
  lastError: Type.Union([Type.Object({ message: Type.String(), at: When }), Type.Null()]),
  startedAt: When,
  finishedAt: When,
  nextRunAt: When,
});

export const presentSyncJob = (job: SyncJobStatus) => ({
  ...job,
  lastError: job.lastError && { message: job.lastError.message, at: iso(job.lastError.at) },
  startedAt: iso(job.startedAt),
  finishedAt: iso(job.finishedAt),
  nextRunAt: iso(job.nextRunAt),
});

export function registerSyncGet(app: Router, deps: AppDeps) {
  app.get(
    '/sync',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['integrations'],
        summary: 'The store connection: active or not, each import and job with progress, the last hook, the order events and the last error',
        security: [{ apiKey: [] }],
        response: {
          200: Type.Object({
            integration: Type.Union([
              Type.Object({ active: Type.Boolean(), accountName: Type.String(), firstActivatedAt: When }),
              Type.Null(),
            ]),
            jobs: Type.Array(SyncJobSchema),
            hook: Type.Object({ lastReceivedAt: When }),
            orderEvents: Type.Object({
              pending: Type.Integer(),
              retrying: Type.Integer(),
              settled: Type.Integer(),
              failed: Type.Integer(),
              lastSettledAt: When,
            }),
            lastError: Type.Union([Type.Object({ orderId: Type.String(), error: Type.String(), at: Type.String({ format: 'date-time' }) }), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const status = await getSyncStatus(deps, callerOf(request).tenantId);
      return {
        integration: status.integration && { ...status.integration, firstActivatedAt: iso(status.integration.firstActivatedAt) },
        jobs: status.jobs.map(presentSyncJob),
        hook: { lastReceivedAt: iso(status.hook.lastReceivedAt) },
        orderEvents: { ...status.orderEvents, lastSettledAt: iso(status.orderEvents.lastSettledAt) },
        lastError: status.lastError && { ...status.lastError, at: status.lastError.at.toISOString() },
      };
    },
  );
}
