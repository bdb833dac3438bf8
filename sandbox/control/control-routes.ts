// /_sandbox/… : the scenario control API (no VTEX auth). Accounts and keys, seeding, faults,
// reset, inspection and the clock. Area-specific scenario routes (orders, …) are mounted by
// each area under /_sandbox/accounts/{account}.

import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/area';
import { ACCOUNT_NAME } from '../core/account-registry';
import { bodyOf, controlAccount, controlError } from '../core/control-kit';
import { mergeFaultSettings } from '../core/faults';
import { ALL_RESOURCES, isLicenseResource, type LicenseResource } from '../core/license-resources';
import { seedAccount, type SeedRequest } from './seed-account';

type AccountParams = { Params: { account: string } };

export function registerControlRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/_sandbox/health', async () => ({ ok: true, accounts: ctx.registry.list().length }));

  app.get('/_sandbox/resources', async () => ({ resources: ALL_RESOURCES }));

  app.get('/_sandbox/accounts', async () => ({
    accounts: ctx.registry.list().map((a) => ({ name: a.name, seed: a.seed, customers: a.customers.count, orders: a.orders.count, appKeys: a.appKeys.size })),
  }));

  app.post('/_sandbox/accounts', async (request, reply) => {
    const body = bodyOf(request);
    const name = body.name;
    if (typeof name !== 'string' || !ACCOUNT_NAME.test(name)) {
      return controlError(reply, 400, 'name must be 3-40 lower-case letters or digits, starting with a letter');
    }
    const seed = body.seed === undefined ? ctx.defaultSeed : body.seed;
    if (typeof seed !== 'number' || !Number.isInteger(seed)) return controlError(reply, 400, 'seed must be an integer');
    const account = ctx.registry.create(name, seed);
    if (!account) return controlError(reply, 409, `account ${name} already exists`);
    return reply.code(201).send({ name, seed, baseUrl: `/${name}` });
  });

  app.delete<AccountParams>('/_sandbox/accounts/:account', async (request, reply) => {
    if (!ctx.registry.delete(request.params.account)) return controlError(reply, 404, `account ${request.params.account} not found`);
    return { deleted: request.params.account };
  });

  app.post<AccountParams>('/_sandbox/accounts/:account/keys', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const body = bodyOf(request);
    const resources = body.resources ?? ALL_RESOURCES;
    if (!Array.isArray(resources)) return controlError(reply, 400, 'resources must be a list of License Manager resource names');
    const unknown = resources.filter((r) => typeof r !== 'string' || !isLicenseResource(r));
    if (unknown.length > 0) return controlError(reply, 400, `unknown resources: ${unknown.join(', ')}; see GET /_sandbox/resources`);
    const appKey = typeof body.appKey === 'string' ? body.appKey : undefined;
    const appToken = typeof body.appToken === 'string' ? body.appToken : undefined;
    const key = account.addAppKey(resources as LicenseResource[], appKey, appToken);
    return reply.code(201).send({ appKey: key.appKey, appToken: key.appToken, resources: [...key.resources] });
  });

  app.post<AccountParams>('/_sandbox/accounts/:account/seed', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const result = seedAccount(account, bodyOf(request) as SeedRequest, ctx.clock.now());
    if (typeof result === 'string') return controlError(reply, 400, result);
    return result;
  });

  app.get<AccountParams>('/_sandbox/accounts/:account/faults', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    return account ? account.faults.settings : reply;
  });

  app.put<AccountParams>('/_sandbox/accounts/:account/faults', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const merged = mergeFaultSettings(account.faults.settings, request.body);
    if (typeof merged === 'string') return controlError(reply, 400, merged);
    account.faults.settings = merged;
    return merged;
  });

  app.delete<AccountParams>('/_sandbox/accounts/:account/faults', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    account.faults.reset();
    return account.faults.settings;
  });

  app.post<AccountParams>('/_sandbox/accounts/:account/reset', async (request, reply) => {
    if (!ctx.registry.reset(request.params.account)) return controlError(reply, 404, `account ${request.params.account} not found`);
    return { reset: request.params.account };
  });

  app.post('/_sandbox/reset', async () => {
    ctx.registry.clear();
    return { reset: 'all' };
  });

  app.get<AccountParams & { Querystring: { limit?: string } }>('/_sandbox/accounts/:account/requests', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const limit = Number(request.query.limit ?? 100);
    const all = account.requests.toArray();
    return {
      total: account.requests.pushed,
      inFlight: account.inFlight,
      peakInFlight: account.peakInFlight,
      requests: all.slice(Math.max(0, all.length - (Number.isFinite(limit) ? limit : 100))),
    };
  });

  app.delete<AccountParams>('/_sandbox/accounts/:account/requests/peak', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    account.peakInFlight = account.inFlight;
    return { peakInFlight: account.peakInFlight };
  });

  app.get<AccountParams & { Params: { customer: string } }>('/_sandbox/accounts/:account/customers/:customer', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const key = request.params.customer;
    const index = /^\d+$/.test(key) ? Number(key) : account.customers.indexOfUserId(key) ?? account.customers.indexOfEmail(key);
    const customer = index === undefined ? undefined : account.customers.at(index);
    if (index === undefined || !customer) return controlError(reply, 404, `customer ${key} not found`);
    return { index, ...customer, conversationEmail: account.customers.conversationEmail(index) };
  });

  app.get<AccountParams>('/_sandbox/accounts/:account/skus', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    return account ? { skus: account.catalog.all() } : reply;
  });

  app.get('/_sandbox/clock', async () => ({ now: new Date(ctx.clock.now()).toISOString(), offsetMs: ctx.clock.offset }));

  app.post('/_sandbox/clock', async (request, reply) => {
    const advanceMs = bodyOf(request).advanceMs;
    if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
      return controlError(reply, 400, 'advanceMs must be a non-negative number (the clock never goes back)');
    }
    ctx.clock.advance(advanceMs);
    return { now: new Date(ctx.clock.now()).toISOString(), offsetMs: ctx.clock.offset };
  });
}
