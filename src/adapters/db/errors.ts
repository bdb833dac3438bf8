// Database errors arrive from pg, from PGlite, or wrapped by drizzle (in `cause`); these helpers
// read them the same way whichever engine raised them.
interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  cause?: unknown;
}

function pgError(error: unknown): PgErrorFields | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const fields = current as PgErrorFields;
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) return fields;
    current = fields.cause;
  }
  return null;
}

export function sqlState(error: unknown): string | null {
  const code = pgError(error)?.code;
  return typeof code === 'string' ? code : null;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const fields = pgError(error);
  if (fields?.code !== '23505') return false;
  if (constraint === undefined) return true;
  // pg reports the constraint name; PGlite may only name it in the message.
  return fields.constraint === constraint || (typeof fields.message === 'string' && fields.message.includes(constraint));
}
