// POST|GET|DELETE /api/orders/hook/config — one hook per app key (VTEX-API.md §4.4).
// Saving pings the URL with {"hookConfig":"ping"}; anything but a 200 refuses the config.

import type { FastifyInstance } from 'fastify';
import type { AreaKit } from '../core/area';
import { RESOURCES } from '../core/license-resources';
import { describeFilter, parseEventFilter } from './event-filter';
import { omsStateKey, type HookConfig } from './oms-state';

const ADMIN = { resources: [RESOURCES.feedAndHookAdmin] };
const VIEW = { resources: [RESOURCES.feedAndHookAdmin, RESOURCES.feedAndHookView] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeHook(hook: HookConfig): Record<string, unknown> {
  return { filter: describeFilter(hook.filter), hook: { url: hook.url, headers: hook.headers } };
}

export function registerHookConfig(scope: FastifyInstance, kit: AreaKit): void {
  scope.post('/api/orders/hook/config', { onRequest: kit.gate(ADMIN) }, async (request, reply) => {
    const body = request.body;
    if (!isRecord(body)) return kit.fail(reply, 400, 'The request body must be a JSON object with filter and hook');
    const filter = parseEventFilter(body.filter);
    if (!filter.ok) return kit.fail(reply, filter.status, filter.message);
    const hook = body.hook;
    if (!isRecord(hook) || typeof hook.url !== 'string' || !URL.canParse(hook.url)) {
      return kit.fail(reply, 400, 'hook.url must be an absolute URL');
    }
    if (!/^https?:$/.test(new URL(hook.url).protocol)) return kit.fail(reply, 400, 'Only https scheme is accepted');
    const headers: Record<string, string> = {};
    if (hook.headers !== undefined) {
      if (!isRecord(hook.headers)) return kit.fail(reply, 400, 'hook.headers must be an object of strings');
      for (const [name, value] of Object.entries(hook.headers)) {
        if (typeof value !== 'string') return kit.fail(reply, 400, `hook.headers.${name} must be a string`);
        headers[name] = value;
      }
    }
    const account = kit.account(request);
    const appKey = kit.principal(request)?.appKey ?? '';
    const oms = account.state(omsStateKey(kit.ctx));
    const ping = await oms.deliverer.ping({ appKey, url: hook.url, headers });
    if (!ping.ok) {
      const answer = ping.status === null ? ping.error : `status ${ping.status}`;
      return kit.fail(reply, 400, `Unable to check address ${hook.url}: the ping got ${answer}, expected 200`);
    }
    const config: HookConfig = { filter: filter.filter, url: hook.url, headers, firedOrders: new Set() };
    oms.hooks.set(appKey, config);
    return describeHook(config);
  });

  scope.get('/api/orders/hook/config', { onRequest: kit.gate(VIEW) }, async (request, reply) => {
    const oms = kit.account(request).state(omsStateKey(kit.ctx));
    const hook = oms.hooks.get(kit.principal(request)?.appKey ?? '');
    if (!hook) return kit.fail(reply, 404, 'Hook configuration not found for this appKey');
    return describeHook(hook);
  });

  scope.delete('/api/orders/hook/config', { onRequest: kit.gate(ADMIN) }, async (request, reply) => {
    const oms = kit.account(request).state(omsStateKey(kit.ctx));
    if (!oms.hooks.delete(kit.principal(request)?.appKey ?? '')) {
      return kit.fail(reply, 404, 'Hook configuration not found for this appKey');
    }
    return reply.code(200).send();
  });
}
