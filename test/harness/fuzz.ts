// Request fuzzing from the app's own OpenAPI document: for each route, arbitraries (fast-check) of
// whole requests — path ids, query strings, headers, content types and JSON bodies built from the
// route's schema with wrong types, out-of-range values, missing and extra fields, odd text — and a
// fingerprint of everything a tenant has in the database, to tell whether a request wrote anything.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';

/** The subset of JSON Schema (as @fastify/swagger writes it, OpenAPI 3.0) the routes use. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  nullable?: boolean;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean;
}

interface OpenApiParameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** Fastify's form: `/api/admin/v1/members/:memberId`. */
  url: string;
  path: OpenApiParameter[];
  query: OpenApiParameter[];
  headers: OpenApiParameter[];
  /** The JSON body's schema; null for a route that declares none (any body is accepted and ignored). */
  body: JsonSchema | null;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

/** Every operation of the document, keyed `METHOD /fastify/:url`. */
export function operationsOf(document: unknown): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [path, methods] of Object.entries((document as OpenApiDocument).paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      const parameters = operation.parameters ?? [];
      operations.set(`${method.toUpperCase()} ${url}`, {
        method: method.toUpperCase(),
        url,
        path: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        headers: parameters.filter((p) => p.in === 'header'),
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return operations;
}

/** Plausible values by field or parameter name (real ids, the member's e-mail, the store's URL…). */
export type Hints = Record<string, readonly unknown[]>;

// ---------------------------------------------------------------------------------------------
// Text: the odd strings every field is tried with.

const CONTROL = ['\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\u202e', '\u200b'];
const ODD_STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '-0',
  '0x10',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  "'; drop table members; --",
  '" or 1=1 --',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '%00',
  '%s%s%s%n',
  'javascript:alert(1)',
  'https://evil.example/',
  'ção ñ ü 日本語 한국어 العربية',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\ud800',
  '\udfff',
  'a\u0000b',
  'Ａｄｍｉｎ',
];

/** Text of every kind: printable, any Unicode (lone surrogates too), control characters, the list above. */
export const oddString = (maxLength = 80): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength }) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_STRINGS) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...CONTROL), fc.string({ maxLength: 10 })).map(([a, c, b]) => `${a}${c}${b}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(1_000, 10_000, 100_000).map((n) => 'x'.repeat(n)) },
  );

// Number tokens JSON.stringify cannot write: 1e309 parses to Infinity, 1e-400 to 0.
const RAW_NUMBERS = ['1e308', '-1e308', '1e309', '-1e309', '1e-400', '-0', '0.0', '1.0', '1E2', '9007199254740993', '123456789012345678901234567890', '0.1', '-1', '2.5'];
const ODD_NUMBERS = [0, -0, -1, 1, 0.5, -0.5, 1e-7, 1e-300, 5e-324, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 31, 2 ** 63, 100, 101, 1000, 10_001];

const json = (value: unknown) => JSON.stringify(value) ?? 'null';

// ---------------------------------------------------------------------------------------------
// Values from a schema, valid and not.

function hintsFor(name: string | undefined, hints: Hints): unknown[] {
  if (!name) return [];
  const own = hints[name] ?? [];
  // `redemptionIds` items are redemption ids; `…Id` fields are ids of what they name.
  const singular = name.endsWith('s') ? hints[name.slice(0, -1)] ?? [] : [];
  return [...own, ...singular];
}

function validValue(schema: JsonSchema, name: string | undefined, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  const options: fc.WeightedArbitrary<unknown>[] = [];
  const hinted = hintsFor(name, hints);
  if (hinted.length > 0) options.push({ weight: 10, arbitrary: fc.constantFrom(...hinted) });
  if (schema.anyOf) options.push({ weight: 3, arbitrary: fc.oneof(...schema.anyOf.map((sub) => validValue(sub, name, hints, depth))) });
  else if (schema.enum) options.push({ weight: 3, arbitrary: fc.constantFrom(...schema.enum) });
  else {
    const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e9;
    const max = schema.maximum ?? 1e9;
    switch (schema.type) {
      case 'string': {
        const shortest = schema.minLength ?? 0;
        const longest = Math.max(shortest, Math.min(schema.maxLength ?? 40, 40));
        if (schema.format === 'date') options.push({ weight: 3, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) });
        else if (schema.format === 'date-time') options.push({ weight: 3, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) });
        else options.push({ weight: 2, arbitrary: fc.string({ minLength: Math.max(shortest, 1), maxLength: Math.max(longest, 1) }) });
        break;
      }
      case 'integer':
      case 'number': {
        // Small whole numbers are what most fields take; anything in range now and then.
        const low = Math.max(Math.ceil(min), -1e9);
        const high = Math.min(Math.floor(max), 1e9);
        if (low <= high) options.push({ weight: 3, arbitrary: fc.integer({ min: Math.max(low, Math.min(0, high)), max: Math.min(high, Math.max(low, 1000)) }).filter((n) => schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) });
        options.push({
          weight: 1,
          arbitrary: schema.type === 'integer'
            ? fc.integer({ min: Math.max(Math.ceil(min), -1e9), max: Math.min(Math.floor(max), 1e9) })
            : fc.double({ min: Math.max(min, -1e9), max: Math.min(max, 1e9), noNaN: true, noDefaultInfinity: true }).filter((n) => schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum),
        });
        break;
      }
      case 'boolean':
        options.push({ weight: 3, arbitrary: fc.boolean() });
        break;
      case 'array':
        options.push({ weight: 3, arbitrary: fc.array(validValue(schema.items ?? {}, name, hints, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)) }) });
        break;
      case 'object':
        options.push({ weight: 3, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) });
        break;
      default:
        options.push({ weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
    }
  }
  const value = fc.oneof(...options);
  return schema.nullable ? fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }) : value;
}

/** JSON text of a value the schema refuses: another type, out of range, too long, too many. */
function invalidText(schema: JsonSchema): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [
    fc.jsonValue({ maxDepth: 2 }).map(json),
    fc.constantFrom(...RAW_NUMBERS),
    fc.constantFrom('null', 'true', '"NaN"', '"Infinity"', '"1e308"', '"-0"', '""', '[]', '{}', '[null]', '"10"'),
  ];
  if (schema.type === 'string' || schema.format) {
    if (schema.maxLength !== undefined) options.push(fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 20 }).map((n) => json('y'.repeat(n))));
    if (schema.format) options.push(oddString(40).map(json));
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    options.push(fc.constantFrom(...ODD_NUMBERS).map(json));
    if (schema.maximum !== undefined) options.push(fc.constantFrom(schema.maximum + 1, schema.maximum + 0.5, schema.maximum * 10).map(json));
    if (schema.minimum !== undefined) options.push(fc.constantFrom(schema.minimum - 1, schema.minimum - 0.5).map(json));
    if (schema.exclusiveMinimum !== undefined) options.push(fc.constant(json(schema.exclusiveMinimum)));
  }
  if (schema.type === 'array') {
    if (schema.maxItems !== undefined) options.push(fc.constant(json(Array.from({ length: schema.maxItems + 1 }, (_, i) => `x${i}`))));
    options.push(fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 1, maxLength: 3 }).map(json));
    if (schema.items) options.push(fc.array(oddString(70), { minLength: 1, maxLength: 3 }).map(json));
  }
  return fc.oneof(...options);
}

/** What a field is spoiled with: a value the schema refuses, or odd text where text is expected. */
function spoiledText(schema: JsonSchema): fc.Arbitrary<string> {
  const text = schema.type === 'string' || schema.anyOf?.some((sub) => sub.type === 'string');
  return text ? fc.oneof({ weight: 1, arbitrary: invalidText(schema) }, { weight: 2, arbitrary: oddString(schema.maxLength ?? 80).map(json) }) : invalidText(schema);
}

// Keys that must never reach an object's prototype, names every object answers to, and odd ones.
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf', '', ' ', 'id', 'tenantId', 'tenant_id', 'a\u0000b'];

interface FieldDraft {
  key: string;
  required: boolean;
  /** Sent at all, when the body is not spoiled there. */
  present: boolean;
  valid: string;
  spoiled: string;
}

/**
 * JSON text of an object built from the schema: valid (a request the route may well accept), with
 * one field spoiled or left out, or with any field spoiled; now and then with extra keys. Written
 * key by key so that it can hold what a JS object cannot: `__proto__` as a key, a key twice.
 */
function objectText(schema: JsonSchema, hints: Hints): fc.Arbitrary<string> {
  const required = new Set(schema.required ?? []);
  const drafts = Object.entries(schema.properties ?? {}).map(([key, sub]) =>
    fc.record({
      key: fc.constant(key),
      required: fc.constant(required.has(key)),
      present: required.has(key) ? fc.constant(true) : fc.boolean(),
      valid: validValue(sub, key, hints, 1).map(json),
      spoiled: spoiledText(sub),
    }),
  );
  const extra = fc.tuple(
    fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }).map(json), fc.constantFrom('{"prototype":{"polluted":true}}', '{"polluted":true}')),
  );
  return fc
    .record({
      fields: fc.tuple(...drafts),
      mode: fc.constantFrom('valid', 'valid', 'one spoiled', 'one spoiled', 'one missing', 'any spoiled'),
      which: fc.nat(),
      coins: fc.array(fc.boolean(), { minLength: drafts.length, maxLength: drafts.length }),
      extras: fc.oneof({ weight: 6, arbitrary: fc.constant([] as [string, string][]) }, { weight: 1, arbitrary: fc.array(extra, { minLength: 1, maxLength: 2 }) }),
      duplicate: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map(({ fields, mode, which, coins, extras, duplicate }) => {
      const target = fields.length > 0 ? which % fields.length : -1;
      const pairs: [string, string][] = [];
      fields.forEach((field: FieldDraft, index) => {
        if (mode === 'one missing' && index === target) return;
        const spoil = (mode === 'one spoiled' && index === target) || (mode === 'any spoiled' && coins[index]);
        if (spoil) pairs.push([field.key, field.spoiled]);
        else if (field.present || (mode === 'one missing' && index !== target && field.required)) pairs.push([field.key, field.valid]);
      });
      pairs.push(...extras);
      if (duplicate && pairs[0]) pairs.push([pairs[0][0], 'null']);
      return `{${pairs.map(([key, text]) => `${json(key)}:${text}`).join(',')}}`;
    });
}

const nested = (depth: number, open: string, close: string, inner = '') => open.repeat(depth) + inner + close.repeat(depth);

/** Whole bodies no schema expects: malformed JSON, deep nesting, huge text, the wrong shape. */
const ODD_BODIES: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '{"a":}',
    '{"a":1,}',
    '[1,2',
    '{"a":1}garbage',
    '{\'a\':1}',
    '\ufeff{}',
    'null',
    'true',
    '0',
    '"text"',
    '[]',
    '{}',
    'NaN',
    'undefined',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"a":"\\u0000"}',
    '{"a":"\\ud800"}',
    '{"a":1e309}',
    `{"a":"${'z'.repeat(200_000)}"}`,
    `{"a":"${'z'.repeat(300_000)}"}`,
  ),
  fc.constantFrom(100, 1_000, 10_000, 100_000).chain((depth) => fc.constantFrom(nested(depth, '[', ']'), nested(depth, '{"a":', '}', '1'), nested(depth, '{"__proto__":', '}', '1'))),
  fc.json({ stringUnit: 'binary', maxDepth: 4 }),
  fc.anything({ maxDepth: 3 }).map((value) => {
    try {
      return JSON.stringify(value) ?? 'null';
    } catch {
      return 'null';
    }
  }),
);

/** Bodies for a route: its schema's objects (mostly), anything JSON, and text that is not JSON. */
export function bodyText(schema: JsonSchema | null, hints: Hints): fc.Arbitrary<string> {
  if (!schema) return fc.oneof({ weight: 2, arbitrary: fc.constant('{}') }, { weight: 3, arbitrary: ODD_BODIES });
  const shaped = schema.type === 'object' ? objectText(schema, hints) : fc.oneof(validValue(schema, 'body', hints, 1).map(json), spoiledText(schema));
  return fc.oneof({ weight: 7, arbitrary: shaped }, { weight: 3, arbitrary: ODD_BODIES });
}

export const CONTENT_TYPES = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/xml',
      '*/*',
      'json',
      '',
    ),
  },
);

// ---------------------------------------------------------------------------------------------
// Query strings, path ids and header values.

/**
 * Percent-encoding that also writes what encodeURIComponent refuses: a lone surrogate becomes the
 * bytes a careless encoder would send for it (CESU-8), which are not UTF-8.
 */
function enc(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

// Query text sent as is: percent signs that decode to nothing, repeated and bracketed keys.
const RAW_QUERY = ['%', '%E0%A4%A', '%ZZ', 'a=%00', '__proto__=1', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'limit=1&limit=2', 'cursor[]=a', '&&&', '=', 'a=b=c', '%FF%FE=%FF'];

function queryValue(schema: JsonSchema, name: string, hints: Hints): fc.Arbitrary<string> {
  const valid = validValue(schema, name, hints, 1).map((value) => (typeof value === 'string' ? value : json(value)));
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 2, arbitrary: oddString(300) }, { weight: 1, arbitrary: fc.constantFrom('NaN', '1e308', '-1', '0', '1.5', '101', '0x10', ' 5', 'true', '') });
}

/** A query string: the route's parameters (present or not, valid or not), strangers, raw oddities. */
export function queryText(parameters: OpenApiParameter[], hints: Hints): fc.Arbitrary<string> {
  const fields = parameters.map((p) => fc.option(queryValue(p.schema, p.name, hints).map((value) => `${enc(p.name)}=${enc(value)}`), { freq: 2, nil: undefined }));
  const stranger = fc.tuple(fc.oneof(fc.constantFrom('key', 'limit', 'cursor', 'x'), fc.string({ maxLength: 8 })), oddString(20)).map(([k, v]) => `${enc(k)}=${enc(v)}`);
  return fc
    .tuple(
      fc.tuple(...fields),
      fc.oneof({ weight: 6, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(stranger, { minLength: 1, maxLength: 2 }) }),
      fc.oneof({ weight: 8, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...RAW_QUERY), { minLength: 1, maxLength: 2 }) }),
    )
    .map(([own, strangers, raw]) => [...own.filter((part) => part !== undefined), ...strangers, ...raw].join('&'));
}

/** A path segment: mostly the real id, else another shape of id, odd text (encoded), or raw oddities. */
export function pathValue(real: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(real) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        oddString(80).filter((s) => s.length > 0).map(enc),
        fc.constantFrom(real.toLowerCase(), `${real}x`, real.slice(0, -1), real.replace(/^[a-z]+_/, 'ten_'), 'x'.repeat(65), 'x'.repeat(401), '%00', '%2e%2e', '..', '%', '%E0%A4%A', '%2F', 'null', '0', '-1'),
      ),
    },
  );
}

const headerChars = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 250 });

/** An Idempotency-Key: a few reused ones (replays and conflicts), any printable text, none, too long. */
export const idempotencyKey: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('fuzz-1', 'fuzz-2', 'fuzz-3') },
  { weight: 3, arbitrary: headerChars },
  { weight: 1, arbitrary: fc.constantFrom(undefined, '', ' ', 'x'.repeat(201), '%00', 'ção') },
);

/** Any printable header value, and none. */
export const headerValue: fc.Arbitrary<string | undefined> = fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: headerChars });

// ---------------------------------------------------------------------------------------------
// What a tenant has in the database.

/** The tables with a tenant_id column, read from the database so that a new table is counted too. */
export async function tenantTables(database: Database): Promise<string[]> {
  const rows = await database.query<{ table_name: string }>(
    sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by table_name`,
  );
  return rows.map((row) => row.table_name);
}

/**
 * A digest of every row the tenant has, per table (and of its `tenants` row): the count and a sum of
 * row hashes, so a request that adds, deletes or changes a row changes it. `ignore` names columns
 * left out per table, or `*` for a whole table.
 */
export async function tenantFingerprint(database: Database, tables: string[], tenantId: string, ignore: Record<string, string[]> = {}): Promise<Record<string, string>> {
  const quoted = `'${tenantId.replace(/'/g, "''")}'`;
  const digest = (table: string, where: string) => {
    const dropped = ignore[table] ?? [];
    const row = dropped.length > 0 ? `(to_jsonb(t)${dropped.map((column) => ` - '${column}'`).join('')})::text` : 't::text';
    return `select '${table}' as name, count(*)::text || ':' || coalesce(sum(hashtext(${row})), 0)::text as digest from "${table}" t where ${where}`;
  };
  const parts = [digest('tenants', `id = ${quoted}`), ...tables.filter((table) => !ignore[table]?.includes('*')).map((table) => digest(table, `tenant_id = ${quoted}`))];
  const rows = await database.query<{ name: string; digest: string }>(sql.raw(parts.join(' union all ')));
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

/** The tables whose digest differs. */
export const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
