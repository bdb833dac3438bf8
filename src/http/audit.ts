// Writes the audit log for every admin route that declares `config.audit`: the target's state
// before (the route's own reader), the answer after, who and when. Written before the answer
// leaves, so a client that saw its change succeed finds it in the log.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../app/admin/audit-log';
import type { AuditLogStore } from '../app/admin/ports';
import type { Clock } from '../app/ports';

declare module 'fastify' {
  interface FastifyRequest {
    auditBefore: unknown;
  }
}

// An answer bigger than this (a member's data export) is logged by its size, not copied.
const MAX_LOGGED_ANSWER = 16 * 1024;

function targetOf(request: FastifyRequest, after: unknown): string | null {
  const params = request.params;
  if (params && typeof params === 'object') {
    const first = Object.values(params as Record<string, unknown>).find((value) => typeof value === 'string');
    if (typeof first === 'string') return first;
  }
  if (after && typeof after === 'object' && 'id' in after && typeof after.id === 'string') return after.id;
  return null;
}

function answerOf(payload: unknown): unknown {
  if (typeof payload !== 'string') return null;
  if (payload.length > MAX_LOGGED_ANSWER) return { omitted: true, bytes: Buffer.byteLength(payload) };
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}

export function auditHooks(deps: { auditLog: AuditLogStore; clock: Clock }) {
  return {
    async readBefore(request: FastifyRequest) {
      const spec = request.routeOptions.config.audit;
      if (spec?.before && request.caller) request.auditBefore = await spec.before(request);
    },
    async write(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
      const spec = request.routeOptions.config.audit;
      const caller = request.caller;
      if (!spec || !caller || reply.statusCode >= 300) return payload;
      const after = spec.logAnswer === false ? null : answerOf(payload);
      try {
        await recordAudit(deps, {
          tenantId: caller.tenantId,
          actor: caller.actor,
          actorLabel: caller.actorLabel,
          action: spec.action,
          targetId: targetOf(request, after),
          before: request.auditBefore ?? null,
          after,
          requestId: request.id,
        });
      } catch (error) {
        // The change itself is committed; losing its log line must not turn it into a failure.
        request.log.error({ err: error, action: spec.action }, 'audit log write failed');
      }
      return payload;
    },
  };
}
