import { Type } from 'typebox';
import { checkVtexConnection } from '../../../app/integrations/check-vtex-connection';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { errorResponses } from '../../schemas';

const CapabilityStatus = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('forbidden'), Type.Literal('unauthorized'), Type.Literal('unreachable'), Type.Literal('error')]),
  resource: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'For forbidden: the License Manager resource to add to the key\'s role' })),
  message: Type.Optional(Type.String()),
});

export function registerVtexIntegrationCheck(app: Router, deps: AppDeps) {
  app.post(
    '/integrations/vtex/check',
    {
      config: { auth: 'admin', audit: { action: 'integration.check' } },
      schema: {
        tags: ['integrations'],
        summary: 'Test the VTEX connection, capability by capability',
        description:
          'Calls VTEX with the keys in the body (before they are saved) or, for fields left out, the stored ones. ' +
          'Each capability answers ok, forbidden (with the License Manager resource to add), unauthorized, unreachable or error. ' +
          'Reads only: nothing changes in the VTEX account.',
        security: [{ apiKey: [] }],
        body: Type.Object(
          {
            accountName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            environment: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
            appKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            appToken: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          },
          { additionalProperties: false, description: 'Fields to try instead of the stored ones; `{}` checks the stored settings' },
        ),
        response: {
          200: Type.Object({
            accountName: Type.String(),
            capabilities: Type.Object({
              customers: CapabilityStatus,
              orders: CapabilityStatus,
              orderHook: CapabilityStatus,
              catalog: CapabilityStatus,
              promotions: CapabilityStatus,
              coupons: CapabilityStatus,
            }),
            customerCount: Type.Union([Type.Integer(), Type.Null()]),
            orderCount: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => checkVtexConnection(deps, callerOf(request).tenantId, request.body),
  );
}
