// Feed v3 (VTEX-API.md §4.5): /api/orders/feed/config (one per app key) and
// GET /api/orders/feed?maxlot= (≤ 10 events) / POST /api/orders/feed {handles} (commit).

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { RESOURCES } from '../core/license-resources';
import { describeFilter, parseEventFilter, type EventFilter } from './event-filter';
import { FeedQueue, MAX_LOT, MAX_RETENTION_SECONDS, MIN_RETENTION_SECONDS, type FeedQueueSettings } from './feed-queue';
import { omsStateKey } from './oms-state';

const ADMIN = { resources: [RESOURCES.feedAndHookAdmin] };
const VIEW = { resources: [RESOURCES.feedAndHookAdmin, RESOURCES.feedAndHookView] };
const DEFAULT_VISIBILITY_SECONDS = 250;
const MAX_VISIBILITY_SECONDS = 43_200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseQueue(input: unknown): FeedQueueSettings | string {
  if (input === undefined) return { visibilityTimeoutInSeconds: DEFAULT_VISIBILITY_SECONDS, MessageRetentionPeriodInSeconds: MIN_RETENTION_SECONDS };
  if (!isRecord(input)) return 'queue must be an object';
  const visibility = input.visibilityTimeoutInSeconds ?? DEFAULT_VISIBILITY_SECONDS;
  // The spec writes MessageRetentionPeriodInSeconds; its own GET example uses a lower-case m.
  const retention = input.MessageRetentionPeriodInSeconds ?? input.messageRetentionPeriodInSeconds ?? MIN_RETENTION_SECONDS;
  if (typeof visibility !== 'number' || !Number.isInteger(visibility) || visibility < 0 || visibility > MAX_VISIBILITY_SECONDS) {
    return `queue.visibilityTimeoutInSeconds must be an integer between 0 and ${MAX_VISIBILITY_SECONDS}`;
  }
  if (typeof retention !== 'number' || !Number.isInteger(retention) || retention < MIN_RETENTION_SECONDS || retention > MAX_RETENTION_SECONDS) {
    return `queue.MessageRetentionPeriodInSeconds must be between ${MIN_RETENTION_SECONDS} and ${MAX_RETENTION_SECONDS}`;
  }
  return { visibilityTimeoutInSeconds: visibility, MessageRetentionPeriodInSeconds: retention };
}

export function registerFeed(scope: FastifyInstance, kit: AreaKit): void {
  scope.post('/api/orders/feed/config', { onRequest: kit.gate(ADMIN) }, async (request, reply) => {
    const body = request.body;
    if (!isRecord(body)) return kit.fail(reply, 400, 'The request body must be a JSON object with filter and queue');
    let filter: EventFilter = { type: 'FromWorkflow', status: null };
    if (body.filter !== undefined) {
      const parsed = parseEventFilter(body.filter);
      if (!parsed.ok) return kit.fail(reply, parsed.status, parsed.message);
      filter = parsed.filter;
    }
    const queue = parseQueue(body.queue);
    if (typeof queue === 'string') return kit.fail(reply, 400, queue);
    const oms = kit.account(request).state(omsStateKey(kit.ctx));
    const appKey = kit.principal(request)?.appKey ?? '';
    const existing = oms.feeds.get(appKey);
    if (existing) {
      // Reconfiguring keeps the queued events, as updating the real feed does.
      existing.filter = filter;
      existing.settings = queue;
    } else {
      oms.feeds.set(appKey, new FeedQueue(filter, queue));
    }
    return reply.code(200).send();
  });

  scope.get('/api/orders/feed/config', { onRequest: kit.gate(VIEW) }, async (request, reply) => {
    const oms = kit.account(request).state(omsStateKey(kit.ctx));
    const feed = oms.feeds.get(kit.principal(request)?.appKey ?? '');
    if (!feed) return kit.fail(reply, 404, 'Feed configuration not found for this appKey');
    return {
      filter: describeFilter(feed.filter),
      queue: feed.settings,
      ...feed.stats(kit.ctx.clock.now()),
    };
  });

  scope.delete('/api/orders/feed/config', { onRequest: kit.gate(ADMIN) }, async (request, reply) => {
    const oms = kit.account(request).state(omsStateKey(kit.ctx));
    if (!oms.feeds.delete(kit.principal(request)?.appKey ?? '')) {
      return kit.fail(reply, 404, 'Feed configuration not found for this appKey');
    }
    return reply.code(200).send();
  });

  scope.get<{ Querystring: { maxlot?: string } }>('/api/orders/feed', { onRequest: kit.gate(VIEW) }, async (request, reply) => {
    const oms = kit.account(request).state(omsStateKey(kit.ctx));
    const feed = oms.feeds.get(kit.principal(request)?.appKey ?? '');
    if (!feed) return kit.fail(reply, 404, 'Feed configuration not found for this appKey');
    const maxLotText = request.query.maxlot;
    const maxLot = maxLotText !== undefined && /^\d+$/.test(maxLotText) ? Number(maxLotText) : NaN;
    if (!(maxLot >= 1 && maxLot <= MAX_LOT)) return kit.fail(reply, 400, `maxlot must be an integer between 1 and ${MAX_LOT}`);
    return feed.receive(maxLot, kit.ctx.clock.now());
  });

  scope.post('/api/orders/feed', { onRequest: kit.gate(VIEW) }, async (request, reply) => {
    const body = request.body;
    if (!isRecord(body) || !Array.isArray(body.handles) || !body.handles.every((h) => typeof h === 'string')) {
      return kit.fail(reply, 400, 'The request body must be {"handles": [<handle>, ...]}');
    }
    const oms = kit.account(request).state(omsStateKey(kit.ctx));
    const feed = oms.feeds.get(kit.principal(request)?.appKey ?? '');
    if (!feed) return kit.fail(reply, 404, 'Feed configuration not found for this appKey');
    feed.commit(body.handles);
    return reply.code(200).send();
  });
}
