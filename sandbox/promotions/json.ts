// JSON values as promotions keep them: a calculatorconfiguration has ~100 fields, most of which
// the sandbox only stores and echoes, so they stay JSON rather than one typed property each.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape of ASP.NET validation errors, which rnb answers for bad bodies (Promotions spec, 400). */
export function validationProblem(errors: Record<string, string[]>): JsonObject {
  return {
    errors,
    type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
    title: 'One or more validation errors occurred.',
    status: 400,
  };
}

/** .NET round-trip UTC dates ("2021-11-10T14:24:39.3683694Z"), as rnb writes lastModifiedUtc. */
export function dotnetUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
}
