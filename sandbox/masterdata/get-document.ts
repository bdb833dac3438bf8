// GET /api/dataentities/CL/documents/{id}: one customer by its document id ("CL-" prefix
// accepted). The spec's Document schema requires id, accountId, accountName and dataEntityId,
// so they are always present; `_fields` adds to them instead of replacing them.

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { CL_FIELD_NAMES } from './cl-fields';
import { READ_DOCUMENTS, SERVED_ENTITY, unknownEntityMessage, type EntityParams } from './access';
import { parseFields, queryParam, type QueryString } from './cl-request';
import { DOCUMENT_META_FIELDS, renderDocument } from './render-document';

export function registerGetDocument(scope: FastifyInstance, kit: AreaKit): void {
  scope.get<EntityParams & { Params: { id: string }; Querystring: QueryString }>('/api/dataentities/:acronym/documents/:id', { onRequest: kit.gate(READ_DOCUMENTS) }, async (request, reply) => {
    const { acronym, id } = request.params;
    if (acronym !== SERVED_ENTITY) return kit.fail(reply, 404, unknownEntityMessage(acronym));
    const fields = parseFields(queryParam(request.query, '_fields'), [...DOCUMENT_META_FIELDS, ...CL_FIELD_NAMES]);
    if (typeof fields === 'string') return kit.fail(reply, 400, fields);
    const account = kit.account(request);
    const documentId = id.toLowerCase().startsWith('cl-') ? id.slice(3) : id;
    const index = account.customers.indexOfId(documentId.toLowerCase());
    const customer = index === undefined ? undefined : account.customers.at(index);
    if (!customer) return kit.fail(reply, 404, `Document ${id} not found`);
    return renderDocument(account, customer, [...new Set([...DOCUMENT_META_FIELDS, ...fields])]);
  });
}
