// POST /rewards/import: run the product import from the VTEX catalog now rather than at its next
// refresh. The worker does the work; 202 answers the job as GET /sync shows it.
import { startProductImport } from '../../../app/rewards/start-product-import';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { errorResponses } from '../../schemas';
import { presentSyncJob, SyncJobSchema } from './sync.get';

export function registerRewardsImport(app: Router, deps: AppDeps) {
  app.post(
    '/rewards/import',
    {
      config: { auth: 'admin', audit: { action: 'reward.import' } },
      schema: {
        tags: ['rewards'],
        summary: 'Import (or refresh) the product rewards from the VTEX catalog now',
        description: 'The SKUs of the integration\'s rewardSkuIds, or the whole catalog when it is empty. '
          + '409 VTEX_NOT_CONNECTED while the integration is not active; 409 PRODUCT_IMPORT_OFF while productsAreGifts or importProducts is off.',
        security: [{ apiKey: [] }],
        response: { 202: SyncJobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const job = await startProductImport(deps, callerOf(request).tenantId);
      return reply.status(202).send(presentSyncJob(job));
    },
  );
}
