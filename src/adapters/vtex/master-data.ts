// Master Data v1, entity CL: the scroll for the full customer import, the paged search for
// deltas and look-ups, and the customer of an order by VTEX ID userId (VTEX-API.md §3).

import type { VtexTransport } from './http-transport';
import { asArray, asObject, decode, idField, readEach, optionalBoolean, optionalDate, optionalString, requiredId, type JsonObject } from './json-reader';
import { badInput, fail, mapResult, ok, type VtexResult } from './result';

export interface VtexCustomer {
  id: string;
  email: string | null;
  /** The VTEX ID user id, equal to an order's clientProfileData.userProfileId. */
  userId: string | null;
  firstName: string | null;
  lastName: string | null;
  document: string | null;
  documentType: string | null;
  phone: string | null;
  birthDate: string | null;
  isNewsletterOptIn: boolean | null;
  createdIn: string | null;
  updatedIn: string | null;
  /** Every field the document came with, custom ones included. */
  raw: JsonObject;
}

export interface ScrollCustomersQuery {
  fields: readonly string[];
  /** 1–1000; only read on the first call, VTEX keeps it for the token. */
  size: number;
  /** The token of the previous page; the query and size cannot change along a scroll. */
  token?: string;
  where?: string;
}

export interface CustomerScrollPage {
  documents: VtexCustomer[];
  /** Documents that could not be read, with why. */
  rejected: { id: string | null; reason: string }[];
  /** Pass it to the next call; null once VTEX answered an empty page (the scroll is over). */
  nextToken: string | null;
  /** REST-Content-Total, when VTEX sent it. */
  total: number | null;
}

export interface SearchCustomersQuery {
  where?: string;
  fields: readonly string[];
  /** [first, last + 1): at most 100 documents, and VTEX reaches only the first 10,000. */
  range: readonly [number, number];
  /** e.g. `updatedIn ASC`; always set one when paging, or pages may overlap. */
  sort?: string;
}

export interface CustomerSearchPage {
  documents: VtexCustomer[];
  rejected: { id: string | null; reason: string }[];
  total: number;
}

export const CUSTOMER_FIELDS = ['id', 'email', 'userId', 'firstName', 'lastName', 'document', 'documentType', 'phone', 'birthDate', 'isNewsletterOptIn', 'createdIn', 'updatedIn'] as const;
export const MAX_SCROLL_SIZE = 1000;
export const MAX_SEARCH_PAGE = 100;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
// A userId goes into _where verbatim; VTEX ID ids are GUIDs, and anything else could change the filter.
const USER_ID = /^[A-Za-z0-9-]+$/;

function readCustomer(value: unknown, path: string): VtexCustomer {
  const document = asObject(value, path);
  const text = (name: string): string | null => optionalString(document, name, path);
  return {
    id: requiredId(document, 'id', path),
    email: text('email'),
    userId: text('userId'),
    firstName: text('firstName'),
    lastName: text('lastName'),
    document: text('document'),
    documentType: text('documentType'),
    phone: text('phone'),
    birthDate: optionalDate(document, 'birthDate', path),
    isNewsletterOptIn: optionalBoolean(document, 'isNewsletterOptIn', path),
    createdIn: optionalDate(document, 'createdIn', path),
    updatedIn: optionalDate(document, 'updatedIn', path),
    raw: document,
  };
}

function readCustomers(body: unknown): { documents: VtexCustomer[]; rejected: { id: string | null; reason: string }[] } {
  const each = readEach(asArray(body, 'documents'), 'documents', readCustomer, (entry) => idField(entry, 'id'));
  return { documents: each.read, rejected: each.rejected };
}

/** The id is always asked for: without it a document cannot be matched on the next import. */
function fieldList(fields: readonly string[]): string | undefined {
  if (!fields.every((name) => FIELD_NAME.test(name))) return undefined;
  return [...new Set(['id', ...fields])].join(',');
}

function contentRangeTotal(header: string | null): number | undefined {
  // VTEX writes `resources 0-100/2500`; its spec shows `resources=0-100/2500`. Read both.
  const match = header === null ? null : /resources[\s=]+\d+-\d+\/(\d+)/i.exec(header);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function masterDataEndpoints(transport: VtexTransport) {
  const search = async (query: SearchCustomersQuery): Promise<VtexResult<CustomerSearchPage>> => {
    const [from, to] = query.range;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to - from > MAX_SEARCH_PAGE) {
      return badInput(`range must be [from, to) with at most ${MAX_SEARCH_PAGE} documents`);
    }
    const fields = fieldList(query.fields);
    if (fields === undefined) return badInput('fields must be plain field names');
    const response = await transport.send({
      endpoint: 'searchCustomers',
      method: 'GET',
      path: '/api/dataentities/CL/search',
      query: { _fields: fields, _where: query.where, _sort: query.sort },
      headers: { 'REST-Range': `resources=${from}-${to}` },
    });
    return mapResult(response, ({ body, headers }) => {
      const total = contentRangeTotal(headers.get('rest-content-range'));
      if (total === undefined) {
        return fail({ kind: 'invalid_response', status: null, message: 'VTEX CL search: no REST-Content-Range header with the total', retryable: false });
      }
      return mapResult(decode('CL search', body, readCustomers), (page) => ok({ ...page, total }));
    });
  };

  return {
    async scrollCustomers(query: ScrollCustomersQuery): Promise<VtexResult<CustomerScrollPage>> {
      let params: Record<string, string | undefined>;
      if (query.token !== undefined) {
        params = { _token: query.token };
      } else {
        if (!Number.isInteger(query.size) || query.size < 1 || query.size > MAX_SCROLL_SIZE) {
          return badInput(`size must be an integer from 1 to ${MAX_SCROLL_SIZE}`);
        }
        const fields = fieldList(query.fields);
        if (fields === undefined) return badInput('fields must be plain field names');
        params = { _size: String(query.size), _fields: fields, _where: query.where };
      }
      const response = await transport.send({ endpoint: 'scrollCustomers', method: 'GET', path: '/api/dataentities/CL/scroll', query: params });
      return mapResult(response, ({ body, headers }) => mapResult(decode('CL scroll', body, readCustomers), ({ documents, rejected }) => {
        const token = headers.get('x-vtex-md-token');
        const served = documents.length + rejected.length;
        if (served > 0 && token === null) {
          return fail({ kind: 'invalid_response', status: null, message: 'VTEX CL scroll: no X-VTEX-MD-TOKEN header', retryable: false });
        }
        const total = headers.get('rest-content-total');
        return ok({
          documents,
          rejected,
          nextToken: served === 0 ? null : token,
          total: total !== null && /^\d+$/.test(total) ? Number(total) : null,
        });
      }));
    },

    searchCustomers: search,

    /** null when no CL document has this userId. */
    async getCustomerByUserId(userId: string, fields: readonly string[] = CUSTOMER_FIELDS): Promise<VtexResult<VtexCustomer | null>> {
      if (!USER_ID.test(userId)) return badInput('userId must be letters, digits and dashes');
      const found = await search({ where: `userId=${userId}`, fields, range: [0, 1] });
      return mapResult(found, ({ documents }) => ok(documents[0] ?? null));
    },
  };
}
