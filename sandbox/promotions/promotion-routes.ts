// Promotions (calculatorconfiguration): create/update, get, list, archive and unarchive, with
// the 100-active-promotions limit (VTEX-API.md §2 and §6.3). Resource: GerenciarPromocoesETarifas.

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { RESOURCES } from '../core/license-resources';
import { dotnetUtc, validationProblem } from './json';
import { renderPromotion, renderPromotionRow } from './promotion-config';
import { ACTIVE_PROMOTIONS_LIMIT, promotionsStateKey } from './promotions-state';

type IdParams = { Params: { account: string; id: string } };

export function registerPromotionRoutes(scope: FastifyInstance, kit: AreaKit): void {
  const onRequest = kit.gate({ resources: [RESOURCES.managePromotions] });
  const state = (request: Parameters<AreaKit['account']>[0]) => kit.account(request).state(promotionsStateKey(kit.ctx));

  scope.post('/api/rnb/pvt/calculatorconfiguration', { onRequest }, async (request, reply) => {
    const result = state(request).savePromotion(request.body, kit.ctx.clock.now());
    if (result.ok) return renderPromotion(result.promotion, dotnetUtc(result.promotion.lastModifiedMs));
    if (result.status === 404) return kit.fail(reply, 404, result.message);
    return reply.code(400).send(validationProblem(result.errors));
  });

  scope.get<IdParams>('/api/rnb/pvt/calculatorconfiguration/:id', { onRequest }, async (request, reply) => {
    const promotion = state(request).promotion(request.params.id);
    if (!promotion) return kit.fail(reply, 404, `Promotion ${request.params.id} not found`);
    return renderPromotion(promotion, dotnetUtc(promotion.lastModifiedMs));
  });

  scope.get('/api/rnb/pvt/benefits/calculatorconfiguration', { onRequest }, async (request) => {
    const now = kit.ctx.clock.now();
    const promotions = state(request);
    const benefits = promotions.allPromotions().filter((p) => p.fields.isArchived !== true && p.fields.type !== 'tax');
    return {
      // Max-price-per-item promotions are deprecated and never created here.
      limitConfigurationMaxPrice: { activesCount: 0, limit: 10 },
      limitConfiguration: { activesCount: promotions.activeCount(now), limit: ACTIVE_PROMOTIONS_LIMIT },
      items: benefits.map((p) => renderPromotionRow(p, dotnetUtc(p.lastModifiedMs), now)),
      disabledItems: [],
      archivedItems: [],
    };
  });

  scope.get('/api/rnb/pvt/archive/benefits/calculatorConfiguration', { onRequest }, async (request) => {
    const now = kit.ctx.clock.now();
    const archived = state(request).allPromotions().filter((p) => p.fields.isArchived === true && p.fields.type !== 'tax');
    return { items: archived.map((p) => renderPromotionRow(p, dotnetUtc(p.lastModifiedMs), now)) };
  });

  for (const [path, archived] of [['archive', true], ['unarchive', false]] as const) {
    scope.post<IdParams>(`/api/rnb/pvt/${path}/calculatorConfiguration/:id`, { onRequest }, async (request, reply) => {
      const outcome = state(request).setPromotionArchived(request.params.id, archived, kit.ctx.clock.now());
      if (outcome === 'not-found') return kit.fail(reply, 404, `Promotion ${request.params.id} not found`);
      if (outcome === 'limit') {
        return reply.code(400).send(validationProblem({ '': [`The account already has ${ACTIVE_PROMOTIONS_LIMIT} active promotions, the maximum allowed.`] }));
      }
      return reply.code(204).send();
    });
  }
}
