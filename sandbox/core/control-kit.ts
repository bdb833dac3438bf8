// Small helpers for /_sandbox routes: account lookup and the sandbox's own error body.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from './account';
import type { SandboxContext } from './area';

export function controlError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ error: { code: status, message } });
}

/** The account named in the path, or undefined after answering 404. */
export function controlAccount(ctx: SandboxContext, request: FastifyRequest, reply: FastifyReply): Account | undefined {
  const params = request.params;
  const name = typeof params === 'object' && params !== null && 'account' in params ? String(params.account) : '';
  const account = ctx.registry.get(name);
  if (!account) controlError(reply, 404, `account ${name} not found`);
  return account;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function bodyOf(request: FastifyRequest): Record<string, unknown> {
  return isRecord(request.body) ? request.body : {};
}
