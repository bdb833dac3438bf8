import { Type } from 'typebox';
import { getVtexIntegration } from '../../../app/integrations/get-vtex-integration';
import type { VtexIntegrationView } from '../../../app/integrations/vtex-integration-view';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { Nullable, errorResponses } from '../../schemas';

export const VtexIntegration = Type.Object({
  appKey: Type.String({ description: 'Masked: a recognisable start and the last characters' }),
  appTokenSet: Type.Boolean(),
  language: Type.String(),
  creditDelayDays: Type.Integer(),
  storeUrl: Type.String(),
  accountName: Type.String(),
  environment: Type.String(),
  singleSignOn: Type.Boolean(),
  signupUrl: Nullable(Type.String()),
  rewardSkuIds: Type.Array(Type.String()),
  scoringStatuses: Type.Array(Type.String()),
  couponValidityDays: Type.Integer(),
  ordersImportSince: Nullable(Type.String({ format: 'date', description: 'null until the first activation sets the default' })),
  includeShipping: Type.Boolean(),
  active: Type.Boolean(),
  importCustomers: Type.Boolean(),
  importOrders: Type.Boolean(),
  productsAreGifts: Type.Boolean(),
  importProducts: Type.Boolean(),
  manualRedemptionApproval: Type.Boolean(),
  firstActivatedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const presentVtexIntegration = (view: VtexIntegrationView) => ({
  ...view,
  firstActivatedAt: view.firstActivatedAt?.toISOString() ?? null,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

export function registerVtexIntegrationGet(app: Router, deps: AppDeps) {
  app.get(
    '/integrations/vtex',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['integrations'],
        summary: "The VTEX integration settings (appKey masked, appToken never shown); 404 before the first save",
        security: [{ apiKey: [] }],
        response: { 200: VtexIntegration, ...errorResponses },
      },
    },
    async (request) => presentVtexIntegration(await getVtexIntegration(deps, callerOf(request).tenantId)),
  );
}
