// Reading VTEX bodies field by field. A reader throws ShapeError at the first field that is
// missing or of the wrong type; `decode` catches it at the module boundary and turns it into an
// `invalid_response` value, so a surprising answer is reported with the path of the bad field
// and never crashes an import.

import { fail, ok, type VtexResult } from './result';

export type JsonObject = Record<string, unknown>;

class ShapeError extends Error {}

export function decode<T>(what: string, body: unknown, read: (body: unknown) => T): VtexResult<T> {
  try {
    return ok(read(body));
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return fail({ kind: 'invalid_response', status: null, message: `VTEX ${what}: ${error.message}`, retryable: false });
  }
}

function shapeError(path: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  throw new ShapeError(`${path} should be ${expected}, got ${value === undefined ? 'nothing' : got}`);
}

export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) shapeError(path, 'an object', value);
  return value as JsonObject;
}

export function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) shapeError(path, 'a list', value);
  return value;
}

export function requiredObject(object: JsonObject, name: string, path: string): JsonObject {
  return asObject(object[name], `${path}.${name}`);
}

export function optionalObject(object: JsonObject, name: string, path: string): JsonObject | null {
  const value = object[name];
  return value === undefined || value === null ? null : asObject(value, `${path}.${name}`);
}

export function requiredArray(object: JsonObject, name: string, path: string): unknown[] {
  return asArray(object[name], `${path}.${name}`);
}

/** A list VTEX may send as null or leave out when it is empty. */
export function optionalArray(object: JsonObject, name: string, path: string): unknown[] {
  const value = object[name];
  return value === undefined || value === null ? [] : asArray(value, `${path}.${name}`);
}

export function asString(value: unknown, path: string): string {
  if (typeof value !== 'string') shapeError(path, 'a string', value);
  return value;
}

export function requiredString(object: JsonObject, name: string, path: string): string {
  const value = object[name];
  if (typeof value !== 'string') shapeError(`${path}.${name}`, 'a string', value);
  return value;
}

export function optionalString(object: JsonObject, name: string, path: string): string | null {
  const value = object[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') shapeError(`${path}.${name}`, 'a string', value);
  return value;
}

/** An id VTEX sends as a string in one API and a number in another. */
export function requiredId(object: JsonObject, name: string, path: string): string {
  const value = object[name];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || value === '') shapeError(`${path}.${name}`, 'an id', value);
  return value;
}

export function requiredInteger(object: JsonObject, name: string, path: string): number {
  const value = object[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) shapeError(`${path}.${name}`, 'an integer', value);
  return value;
}

export function optionalInteger(object: JsonObject, name: string, path: string): number | null {
  const value = object[name];
  return value === undefined || value === null ? null : requiredInteger(object, name, path);
}

/** Money as VTEX's Orders API sends it: a whole number of cents. */
export const requiredCents = (object: JsonObject, name: string, path: string): number => {
  const value = object[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) shapeError(`${path}.${name}`, 'an integer amount in cents', value);
  return value;
};

export function requiredNumber(object: JsonObject, name: string, path: string): number {
  const value = object[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) shapeError(`${path}.${name}`, 'a number', value);
  return value;
}

export function requiredBoolean(object: JsonObject, name: string, path: string): boolean {
  const value = object[name];
  if (typeof value !== 'boolean') shapeError(`${path}.${name}`, 'a boolean', value);
  return value;
}

export function optionalBoolean(object: JsonObject, name: string, path: string): boolean | null {
  const value = object[name];
  return value === undefined || value === null ? null : requiredBoolean(object, name, path);
}

/** A date-time string that parses; kept as VTEX wrote it (its offsets and precision vary). */
export function requiredDate(object: JsonObject, name: string, path: string): string {
  const value = requiredString(object, name, path);
  if (Number.isNaN(Date.parse(value))) shapeError(`${path}.${name}`, 'a date', value);
  return value;
}

/** Missing, null or empty: Master Data sends "" for a date field nobody filled in. */
export function optionalDate(object: JsonObject, name: string, path: string): string | null {
  const value = object[name];
  return value === undefined || value === null || value === '' ? null : requiredDate(object, name, path);
}

/** Throws the same ShapeError as the readers, for checks that span several fields. */
export function invalid(path: string, problem: string): never {
  throw new ShapeError(`${path} ${problem}`);
}

/**
 * Reads each entry of a list on its own: an entry that does not have the expected shape is set
 * aside with its reason (and its id, when `idOf` finds one) instead of failing the whole list.
 */
export function readEach<T>(
  entries: unknown[],
  path: string,
  read: (entry: unknown, path: string) => T,
  idOf: (entry: unknown) => string | null,
): { read: T[]; rejected: { id: string | null; reason: string }[] } {
  const result: { read: T[]; rejected: { id: string | null; reason: string }[] } = { read: [], rejected: [] };
  entries.forEach((entry, index) => {
    try {
      result.read.push(read(entry, `${path}[${index}]`));
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      result.rejected.push({ id: idOf(entry), reason: error.message });
    }
  });
  return result;
}

/** A string field of an entry that may be malformed, for naming it in an error. */
export function idField(entry: unknown, name: string): string | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const value = (entry as JsonObject)[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
