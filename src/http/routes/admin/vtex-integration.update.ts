import { Type } from 'typebox';
import { saveVtexIntegration } from '../../../app/integrations/save-vtex-integration';
import { LIMITS } from '../../../domain/integration';
import { SCORING_STATUSES } from '../../../domain/vtex-order-status';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { beforeOf } from './audit-before';
import { Nullable, errorResponses } from '../../schemas';
import { VtexIntegration, presentVtexIntegration } from './vtex-integration.get';

// For the OpenAPI document and the admin panel. The body is checked by the domain validation
// instead of ajv (see validatorCompiler below), so the rules live in one place.
const Body = Type.Object(
  {
    appKey: Type.Optional(Type.String({ maxLength: LIMITS.appKey.maxLength, description: 'Required on the first save; left out: keep the stored one' })),
    appToken: Type.Optional(Type.String({ maxLength: LIMITS.appToken.maxLength, description: 'Required on the first save and with a new appKey; left out: keep the stored one' })),
    language: Type.Optional(Type.Union([Type.Literal('pt-BR'), Type.Literal('en'), Type.Literal('es')], { description: "The program's language; left out: unchanged" })),
    creditDelayDays: Type.Optional(Type.Integer({ ...LIMITS.creditDelayDays, default: 7 })),
    storeUrl: Type.String({ description: 'https; kept as scheme, host and port' }),
    accountName: Type.String({ description: 'The VTEX account, or a pasted VTEX host or URL' }),
    environment: Type.Optional(Type.String({ default: 'vtexcommercestable' })),
    singleSignOn: Type.Optional(Type.Boolean({ default: false })),
    signupUrl: Type.Optional(Nullable(Type.String({ description: 'https' }))),
    rewardSkuIds: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Integer({ minimum: 1 })]), { maxItems: LIMITS.rewardSkuIds.maxItems, default: [] })),
    scoringStatuses: Type.Optional(Type.Array(Type.Union(SCORING_STATUSES.map((status) => Type.Literal(status))), { minItems: 1, default: ['invoiced'] })),
    couponValidityDays: Type.Optional(Type.Integer({ ...LIMITS.couponValidityDays, default: 365 })),
    ordersImportSince: Type.Optional(Nullable(Type.String({ format: 'date', description: 'Default: 90 days before the first activation' }))),
    includeShipping: Type.Optional(Type.Boolean({ default: false })),
    active: Type.Optional(Type.Boolean({ default: false })),
    importCustomers: Type.Optional(Type.Boolean({ default: true })),
    importOrders: Type.Optional(Type.Boolean({ default: true })),
    productsAreGifts: Type.Optional(Type.Boolean({ default: false })),
    importProducts: Type.Optional(Type.Boolean({ default: false, description: 'Only with productsAreGifts' })),
    manualRedemptionApproval: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

export function registerVtexIntegrationUpdate(app: Router, deps: AppDeps) {
  const before = beforeOf(deps);
  app.put(
    '/integrations/vtex',
    {
      config: { auth: 'admin', audit: { action: 'integration.update', before: before.integration } },
      // ajv stops at the first error and would fill defaults in; the domain validation reports
      // every invalid field at once, which is what the settings form needs.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['integrations'],
        summary: 'Save the whole VTEX integration form',
        description:
          'A full replace: a field left out takes its default, except appKey/appToken (kept), ordersImportSince (kept; ' +
          'set to 90 days before the first activation when still empty) and language (unchanged). Invalid input answers ' +
          '400 with every invalid field in error.errors, and nothing is saved.',
        security: [{ apiKey: [] }],
        body: Body,
        response: { 200: VtexIntegration, ...errorResponses },
      },
    },
    async (request) => presentVtexIntegration(await saveVtexIntegration(deps, callerOf(request).tenantId, request.body as unknown)),
  );
}
