// /_sandbox/accounts/{account}/masterdata/…: add and edit customers (so updatedIn moves and
// delta imports have something to find), tune scroll expiry, see open scrolls. No VTEX auth.

import type { FastifyInstance } from 'fastify';
import type { Account } from '../core/account';
import type { SandboxContext } from '../core/area';
import { bodyOf, controlAccount, controlError } from '../core/control-kit';
import type { Customer } from '../data/customers';
import { CL_FIELDS, parseDateMs } from './cl-fields';
import { scrollSessionsKey } from './scroll-sessions';

type CustomerParams = { Params: { account: string; customer: string } };

type EditableCustomer = Partial<Omit<Customer, 'id' | 'userId' | 'createdIn' | 'updatedIn'>>;
const EDITABLE = ['email', 'firstName', 'lastName', 'document', 'phone', 'birthDate', 'isNewsletterOptIn'] as const;

function readPatch(body: Record<string, unknown>): EditableCustomer | string {
  const patch: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!(EDITABLE as readonly string[]).includes(name)) return `${name} cannot be set; editable: ${EDITABLE.join(', ')}`;
    const kind = name in CL_FIELDS ? CL_FIELDS[name as keyof typeof CL_FIELDS] : 'text';
    if (kind === 'boolean' ? typeof value !== 'boolean' : typeof value !== 'string') return `${name} must be a ${kind === 'boolean' ? 'boolean' : 'string'}`;
    if (kind === 'date' && parseDateMs(String(value)) === undefined) return `${name} must be an ISO date`;
    patch[name] = value as string | boolean;
  }
  if (typeof patch.email === 'string') patch.email = patch.email.toLowerCase();
  return patch as EditableCustomer;
}

/** A customer by index, document id, userId or e-mail. */
function findCustomer(account: Account, key: string): number | undefined {
  if (/^\d+$/.test(key)) return account.customers.at(Number(key)) ? Number(key) : undefined;
  return account.customers.indexOfId(key) ?? account.customers.indexOfUserId(key) ?? account.customers.indexOfEmail(key);
}

export function registerMasterDataControlRoutes(scope: FastifyInstance, ctx: SandboxContext): void {
  scope.post('/masterdata/customers', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const patch = readPatch(bodyOf(request));
    if (typeof patch === 'string') return controlError(reply, 400, patch);
    if (!patch.email || !patch.firstName || !patch.lastName) return controlError(reply, 400, 'email, firstName and lastName are required');
    if (account.customers.indexOfEmail(patch.email) !== undefined) return controlError(reply, 409, `a customer with e-mail ${patch.email} exists`);
    const now = new Date(ctx.clock.now()).toISOString();
    const index = account.customers.add({
      email: patch.email, firstName: patch.firstName, lastName: patch.lastName, phone: patch.phone ?? '',
      birthDate: patch.birthDate ?? '', isNewsletterOptIn: patch.isNewsletterOptIn ?? false, createdIn: now, updatedIn: now,
      ...(patch.document ? { document: patch.document } : {}),
    });
    return reply.code(201).send({ index, ...account.customers.at(index) });
  });

  scope.patch<CustomerParams>('/masterdata/customers/:customer', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const index = findCustomer(account, request.params.customer);
    if (index === undefined) return controlError(reply, 404, `customer ${request.params.customer} not found`);
    const patch = readPatch(bodyOf(request));
    if (typeof patch === 'string') return controlError(reply, 400, patch);
    const updated = account.customers.update(index, patch, new Date(ctx.clock.now()).toISOString());
    return { index, ...updated };
  });

  scope.get('/masterdata/scrolls', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const sessions = account.state(scrollSessionsKey);
    return { active: sessions.activeCount(ctx.clock.now()), settings: sessions.settings };
  });

  scope.put('/masterdata/settings', async (request, reply) => {
    const account = controlAccount(ctx, request, reply);
    if (!account) return reply;
    const idleMs = bodyOf(request).scrollIdleMs;
    if (typeof idleMs !== 'number' || !Number.isInteger(idleMs) || idleMs < 1) return controlError(reply, 400, 'scrollIdleMs must be a positive integer');
    const sessions = account.state(scrollSessionsKey);
    sessions.settings = { ...sessions.settings, idleMs };
    return { scrollIdleMs: idleMs };
  });
}
