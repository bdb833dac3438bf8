// Reads what search and scroll share from the query string: `_fields`, `_where` (plus simple
// `field=value` filters) and `_sort`. Each problem is a message for a 400, like Master Data.

import { CL_FIELD_NAMES, isClField, type ClField } from './cl-fields';
import type { CustomerQuery, SortSpec } from './customer-query';
import { DOCUMENT_META_FIELDS, type DocumentField } from './render-document';
import { parseWhere, WhereError, type WhereNode } from './where-parser';

export type QueryString = Record<string, string | string[] | undefined>;

export interface ClRequest {
  query: CustomerQuery;
  fields: DocumentField[];
}

/** Query parameters that are not filters: the account name some clients add, and our own. */
const NOT_FILTERS = new Set(['an']);

export function queryParam(query: QueryString, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseFields(text: string | undefined, defaults: readonly DocumentField[]): DocumentField[] | string {
  if (text === undefined || text.trim() === '') return [...defaults];
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.includes('_all')) return [...DOCUMENT_META_FIELDS, ...CL_FIELD_NAMES];
  const unknown = names.filter((name) => !isClField(name) && !(DOCUMENT_META_FIELDS as readonly string[]).includes(name));
  if (unknown.length > 0) return `Invalid fields: ${unknown.join(', ')} do not exist in data entity CL`;
  return [...new Set(names)] as DocumentField[];
}

function parseSort(text: string | undefined): SortSpec | undefined | string {
  if (text === undefined || text.trim() === '') return undefined;
  const match = /^\s*([\w.]+)(?:\s+(asc|desc))?\s*$/i.exec(text);
  if (!match?.[1]) return `Invalid sort '${text}': use 'field ASC' or 'field DESC'`;
  const field = match[1];
  if (!isClField(field)) return `Field '${field}' cannot be used to sort data entity CL`;
  return { field, direction: match[2]?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC' };
}

function simpleFilters(query: QueryString): string[] | string {
  const conditions: string[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (name.startsWith('_') || NOT_FILTERS.has(name)) continue;
    if (!isClField(name)) return `Field '${name}' is not filterable in data entity CL`;
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    conditions.push(`${name}="${value.replaceAll('"', '')}"`);
  }
  return conditions;
}

export function parseClRequest(query: QueryString, defaultFields: readonly DocumentField[]): ClRequest | string {
  const fields = parseFields(queryParam(query, '_fields'), defaultFields);
  if (typeof fields === 'string') return fields;
  const sort = parseSort(queryParam(query, '_sort'));
  if (typeof sort === 'string') return sort;
  const filters = simpleFilters(query);
  if (typeof filters === 'string') return filters;
  const whereText = queryParam(query, '_where')?.trim();
  const parts = [...(whereText ? [`(${whereText})`] : []), ...filters];
  let where: WhereNode | undefined;
  try {
    where = parts.length === 0 ? undefined : parseWhere(parts.join(' AND '));
  } catch (error) {
    if (error instanceof WhereError) return `Invalid _where: ${error.message}`;
    throw error;
  }
  return { query: { where, sort }, fields };
}

export type { ClField };
