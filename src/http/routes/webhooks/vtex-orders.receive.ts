import { Type } from 'typebox';
import { HOOK_SECRET_HEADER, receiveOrderHook } from '../../../app/integrations/receive-order-hook';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { errorResponses } from '../../schemas';

export function registerVtexOrdersWebhook(app: Router, deps: AppDeps) {
  app.post(
    '/webhooks/vtex/:tenantId/orders',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'VTEX order hook: status changes of the store\'s orders',
        description:
          `Called by VTEX with the ${HOOK_SECRET_HEADER} header set in the hook config. Answers at once: the ` +
          'notification is recorded (once per order, state and last change) and processed by the order jobs. ' +
          'The ping VTEX sends when the hook is saved is answered 200.',
        params: Type.Object({ tenantId: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Object({ received: Type.String() }), ...errorResponses },
      },
    },
    async (request) => {
      const secret = request.headers[HOOK_SECRET_HEADER];
      const received = await receiveOrderHook(deps, {
        tenantId: request.params.tenantId,
        secret: typeof secret === 'string' ? secret : undefined,
        body: request.body,
      });
      return { received };
    },
  );
}
