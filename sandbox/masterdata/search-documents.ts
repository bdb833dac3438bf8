// GET /api/dataentities/CL/search: paged with the REST-Range request header
// (`resources=x-y`, y exclusive, at most 100 per request, 10,000 reachable), answered with
// REST-Content-Range `resources x-y/total`. Without the header Master Data sends 15 documents.

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { READ_DOCUMENTS, SERVED_ENTITY, unknownEntityMessage, type EntityParams } from './access';
import { parseClRequest, type QueryString } from './cl-request';
import { CustomerQueryRunner } from './customer-query';
import { DOCUMENT_META_FIELDS, renderDocument } from './render-document';

export const MAX_PAGE = 100;
export const MAX_REACHABLE = 10_000;
const DEFAULT_RANGE = { from: 0, to: 15 };

export function parseRestRange(header: string | string[] | undefined): { from: number; to: number } | string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return DEFAULT_RANGE;
  const match = /^\s*resources\s*=\s*(\d+)\s*-\s*(\d+)\s*$/i.exec(value);
  if (!match) return `Invalid REST-Range header '${value}': expected resources={from}-{to}`;
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (to < from) return `Invalid REST-Range header '${value}': the end is before the start`;
  if (to - from > MAX_PAGE) return `The maximum number of documents per request is ${MAX_PAGE}`;
  if (to > MAX_REACHABLE) return `The search is limited to the first ${MAX_REACHABLE} documents: use scroll to read more`;
  return { from, to };
}

export function registerSearchDocuments(scope: FastifyInstance, kit: AreaKit): void {
  scope.get<EntityParams & { Querystring: QueryString }>('/api/dataentities/:acronym/search', { onRequest: kit.gate(READ_DOCUMENTS) }, async (request, reply) => {
    if (request.params.acronym !== SERVED_ENTITY) return kit.fail(reply, 404, unknownEntityMessage(request.params.acronym));
    const account = kit.account(request);
    const range = parseRestRange(request.headers['rest-range']);
    if (typeof range === 'string') return kit.fail(reply, 400, range);
    const parsed = parseClRequest(request.query, DOCUMENT_META_FIELDS);
    if (typeof parsed === 'string') return kit.fail(reply, 400, parsed);
    const runner = new CustomerQueryRunner(account.customers, parsed.query);
    const { rows, total } = runner.pageAndCount({ skip: range.from, limit: range.to - range.from });
    reply.header('rest-content-range', `resources ${range.from}-${range.from + rows.length}/${total}`);
    return rows.map((row) => renderDocument(account, row.customer, parsed.fields));
  });
}
