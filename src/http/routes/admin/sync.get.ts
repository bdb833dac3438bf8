import { Type } from 'typebox';
import { getSyncStatus } from '../../../app/integrations/get-sync-status';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { errorResponses } from '../../schemas';

const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function registerSyncGet(app: Router, deps: AppDeps) {
  app.get(
    '/sync',
    {
      config: { auth: 'apiKey' },
      schema: {
        tags: ['integrations'],
        summary: 'The store connection: active or not, the last hook, the order events and the last error',
        security: [{ apiKey: [] }],
        response: {
          200: Type.Object({
            integration: Type.Union([
              Type.Object({ active: Type.Boolean(), accountName: Type.String(), firstActivatedAt: When }),
              Type.Null(),
            ]),
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
        hook: { lastReceivedAt: iso(status.hook.lastReceivedAt) },
        orderEvents: { ...status.orderEvents, lastSettledAt: iso(status.orderEvents.lastSettledAt) },
        lastError: status.lastError && { ...status.lastError, at: status.lastError.at.toISOString() },
      };
    },
  );
}
