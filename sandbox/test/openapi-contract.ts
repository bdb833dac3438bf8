// Validates sandbox responses against the official VTEX OpenAPI files, read at test time from
// VTEX_OPENAPI_DIR (reference data: never copied into the repo). Reusable by every area:
//   const spec = loadSpec('VTEX - Orders API.json');
//   expectValid(spec.validateResponse('get', '/api/oms/pvt/orders', 200, body));

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const OPENAPI_DIR = process.env.VTEX_OPENAPI_DIR;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ValidationResult {
  /** The spec documents this status for this operation. */
  documented: boolean;
  /** The documented response has a JSON schema that was applied. */
  validated: boolean;
  errors: string[];
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * OpenAPI 3.0 → JSON Schema for ajv: `nullable: true` becomes a "null" type (and a null enum
 * member); `#/components/schemas/X` refs point at `#/$defs/X`, so recursive schemas work.
 */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', '#/$defs/');
      continue;
    }
    // `properties` maps names to schemas: a property may be named "example" or "nullable".
    out[key] = key === 'properties' && isObject(value)
      ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]))
      : toJsonSchema(value);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.type === undefined && out.$ref !== undefined) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  }
  return out;
}

export class OpenApiSpec {
  private readonly ajv: Ajv;
  private readonly defs: Json;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly fileName: string, private readonly document: JsonObject) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    const components = document.components;
    this.defs = toJsonSchema(isObject(components) && isObject(components.schemas) ? components.schemas : {});
  }

  /** The response object for an operation and status, or undefined when not documented. */
  response(method: string, path: string, status: number): JsonObject | undefined {
    const paths = this.document.paths;
    const item = isObject(paths) ? paths[path] : undefined;
    const operation = isObject(item) ? item[method.toLowerCase()] : undefined;
    const responses = isObject(operation) ? operation.responses : undefined;
    if (!isObject(responses)) throw new Error(`${this.fileName} has no operation ${method.toUpperCase()} ${path}`);
    const response = responses[String(status)] ?? responses.default;
    return isObject(response) ? response : undefined;
  }

  /** The JSON schema of a documented response, if the spec gives one. */
  responseSchema(method: string, path: string, status: number): Json | undefined {
    const content = this.response(method, path, status)?.content;
    if (!isObject(content)) return undefined;
    const json = Object.entries(content).find(([type]) => type.includes('json'))?.[1];
    return isObject(json) ? json.schema : undefined;
  }

  validateResponse(method: string, path: string, status: number, body: unknown): ValidationResult {
    const documented = this.response(method, path, status) !== undefined;
    const schema = this.responseSchema(method, path, status);
    if (schema === undefined) return { documented, validated: false, errors: [] };
    return { documented, validated: true, errors: this.validate(`${method} ${path} ${status}`, schema, body) };
  }

  /** Validates against any schema of the spec (e.g. one taken from another operation). */
  validate(cacheKey: string, schema: Json, body: unknown): string[] {
    let validator = this.compiled.get(cacheKey);
    if (!validator) {
      const converted = toJsonSchema(schema);
      validator = this.ajv.compile(isObject(converted) ? { ...converted, $defs: this.defs } : { $defs: this.defs });
      this.compiled.set(cacheKey, validator);
    }
    if (validator(body)) return [];
    return (validator.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}

const loaded = new Map<string, OpenApiSpec>();

/** Loads a spec file from VTEX_OPENAPI_DIR (call only inside a suite guarded by OPENAPI_DIR). */
export function loadSpec(fileName: string): OpenApiSpec {
  if (!OPENAPI_DIR) throw new Error('VTEX_OPENAPI_DIR is not set');
  let spec = loaded.get(fileName);
  if (!spec) {
    const document = JSON.parse(readFileSync(join(OPENAPI_DIR, fileName), 'utf8')) as Json;
    if (!isObject(document)) throw new Error(`${fileName} is not an OpenAPI document`);
    spec = new OpenApiSpec(fileName, document);
    loaded.set(fileName, spec);
  }
  return spec;
}

/** Prints the one line that says the contract suite did not run, and why. */
export function announceSkippedContract(suite: string): void {
  if (!OPENAPI_DIR) {
    console.warn(`[contract] ${suite}: NOT RUN — VTEX_OPENAPI_DIR is not set (CI sets it to ../shared/vtex/openapi; locally: VTEX_OPENAPI_DIR=/work/shared/vtex/openapi npx vitest run sandbox)`);
  }
}
