// Reading the Cookie header and writing Set-Cookie by hand (no cookie plugin: one fewer
// dependency, and tests see exactly what a browser would receive).

import type { FastifyReply, FastifyRequest } from 'fastify';

export function readCookies(request: FastifyRequest): Map<string, string> {
  const cookies = new Map<string, string>();
  const header = request.headers.cookie;
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      cookies.set(name, part.slice(eq + 1).trim());
    }
  }
  return cookies;
}

export interface CookieOptions {
  path: string;
  httpOnly?: boolean;
  /** Seconds; 0 deletes the cookie. Absent = a session cookie. */
  maxAge?: number;
}

/** SameSite=Lax and no Secure flag: the sandbox serves plain http on 127.0.0.1. */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path}`, 'SameSite=Lax'];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.maxAge === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (options.httpOnly) parts.push('HttpOnly');
  // Fastify appends set-cookie values instead of replacing them.
  reply.header('set-cookie', parts.join('; '));
}
