// GET /api/dataentities/CL/scroll: the first call fixes fields, filter, sort and `_size`
// (≤ 1000) and answers the X-VTEX-MD-TOKEN header; later calls send only `_token` and get the
// next page until an empty array. Over 10 open scrolls per account → 400, VTEX's message.

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { READ_DOCUMENTS, SERVED_ENTITY, unknownEntityMessage, type EntityParams } from './access';
import { parseClRequest, queryParam, type QueryString } from './cl-request';
import { CustomerQueryRunner } from './customer-query';
import { DOCUMENT_META_FIELDS, renderDocument } from './render-document';
import { scrollSessionsKey, type ScrollSession } from './scroll-sessions';

export const MAX_SCROLL_SIZE = 1000;
const DEFAULT_SCROLL_SIZE = 100;

function parseSize(text: string | undefined): number | string {
  if (text === undefined || text.trim() === '') return DEFAULT_SCROLL_SIZE;
  if (!/^\d+$/.test(text.trim())) return `Invalid _size '${text}'`;
  const size = Number(text);
  if (size < 1 || size > MAX_SCROLL_SIZE) return `_size must be between 1 and ${MAX_SCROLL_SIZE}`;
  return size;
}

export function registerScrollDocuments(scope: FastifyInstance, kit: AreaKit): void {
  scope.get<EntityParams & { Querystring: QueryString }>('/api/dataentities/:acronym/scroll', { onRequest: kit.gate(READ_DOCUMENTS) }, async (request, reply) => {
    if (request.params.acronym !== SERVED_ENTITY) return kit.fail(reply, 404, unknownEntityMessage(request.params.acronym));
    const account = kit.account(request);
    const sessions = account.state(scrollSessionsKey);
    const now = kit.ctx.clock.now();
    const token = queryParam(request.query, '_token');
    let session: ScrollSession | undefined;
    if (token !== undefined) {
      session = sessions.use(token, now);
      if (!session) return kit.fail(reply, 400, 'The scroll token is invalid or has expired');
    } else {
      const size = parseSize(queryParam(request.query, '_size'));
      if (typeof size === 'string') return kit.fail(reply, 400, size);
      const parsed = parseClRequest(request.query, DOCUMENT_META_FIELDS);
      if (typeof parsed === 'string') return kit.fail(reply, 400, parsed);
      const total = new CustomerQueryRunner(account.customers, parsed.query).count();
      session = sessions.open({ query: parsed.query, fields: parsed.fields, size, total }, now);
      if (!session) return kit.fail(reply, 400, `Maximum simultaneous scrolls rate exceeded (${sessions.settings.maxActive})`);
    }
    const rows = session.finished ? [] : new CustomerQueryRunner(account.customers, session.query).page({ skip: 0, limit: session.size, after: session.cursor });
    const last = rows.at(-1);
    if (last) session.cursor = { key: last.key, index: last.index };
    else session.finished = true;
    reply.header('x-vtex-md-token', session.token).header('rest-content-total', String(session.total));
    return rows.map((row) => renderDocument(account, row.customer, session.fields));
  });
}
