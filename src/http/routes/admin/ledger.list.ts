import { Type } from 'typebox';
import { listHistory } from '../../../app/ledger/list-history';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { MemberIdParams, PageQuery, Transaction, errorResponses } from '../../schemas';
import { presentTransaction } from './present';

export function registerLedgerList(app: Router, deps: AppDeps) {
  app.get(
    '/members/:memberId/ledger',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['ledger'],
        summary: "A member's ledger transactions, newest first",
        security: [{ apiKey: [] }],
        params: MemberIdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Transaction), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (request) => {
      const page = await listHistory(deps, {
        tenantId: callerOf(request).tenantId,
        memberId: request.params.memberId,
        cursor: request.query.cursor,
        limit: request.query.limit,
      });
      return { items: page.items.map(presentTransaction), nextCursor: page.nextCursor };
    },
  );
}
