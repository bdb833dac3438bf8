// The customer import: a Master Data CL scroll for the full import, then periodic deltas of the
// documents updated since (`updatedIn`). Each page becomes members in one transaction (matched by
// VTEX user id, else e-mail), so a page read twice changes nothing twice. A scroll token that
// died while the process was down starts the scroll over: idempotent pages make that safe.
// A customer whose member was erased (LGPD) is still in the store's CL: the import enrols them as a
// new member with no history, and never writes their data back onto the erased row (whose
// identifiers are gone; see src/app/members/erase-member.ts).
import { memberFieldsFromCustomer } from '../../domain/member';
import type { CustomerBatch } from '../ports';
import type { ImportedMemberFields } from './ports';
import { dateField, numberField, valueOf, type StepResult, type StepState, type SyncDeps, type SyncJobDefinition } from './sync-step';
import type { OrderContext } from '../orders/process-order-events';

const SCROLL_SIZE = 1_000;
const SEARCH_PAGE = 100;
/** Master Data pages no deeper than this; more updates than that move the window instead. */
const SEARCH_DEPTH = 10_000;
export const CUSTOMER_DELTA_EVERY_MS = 10 * 60_000;
/** Deltas re-read this much before the last one, for documents saved while it ran. */
const DELTA_OVERLAP_MS = 5 * 60_000;

async function importBatch(deps: SyncDeps, context: OrderContext, batch: CustomerBatch): Promise<{ errors: string[] }> {
  const errors = batch.rejected.map((row) => `customer ${row.documentId ?? '(no id)'}: ${row.reason}`);
  const fields: ImportedMemberFields[] = [];
  for (const customer of batch.customers) {
    const member = memberFieldsFromCustomer(customer);
    if (!member.vtexUserId && !member.email) {
      errors.push(`customer ${customer.documentId}: neither a VTEX user id nor a valid e-mail`);
      continue;
    }
    fields.push(member);
  }
  if (fields.length > 0) {
    const outcome = await deps.memberImports.upsert(context.tenantId, fields, deps.clock.now());
    errors.push(...outcome.skipped.map((skip) => `customer ${skip.key}: ${skip.reason}`));
  }
  return { errors };
}

function stepResult(state: StepState, checkpoint: Record<string, unknown>, read: number, errors: string[], finished: boolean, total = state.total): StepResult {
  return { checkpoint, done: state.done + read, total, newErrors: errors.length, lastError: errors.at(-1) ?? null, finished };
}

export const customersImport: SyncJobDefinition = {
  kind: 'customers.import',
  grows: 'members',
  repeatEveryMs: null,
  async step(deps, context, state) {
    const token = typeof state.checkpoint.token === 'string' ? state.checkpoint.token : null;
    const startedAt = dateField(state.checkpoint, 'scrollStartedAt') ?? deps.clock.now();
    const read = await context.reader.scrollCustomers(token ? { token } : { size: SCROLL_SIZE });
    if (!read.ok && token && !read.retryable && !read.refused) {
      // The token expired (VTEX forgets a scroll after minutes idle): start over.
      const restart = `the customer scroll expired (${read.message}); starting it over`;
      return { checkpoint: {}, done: 0, total: state.total, newErrors: 1, lastError: restart, finished: false };
    }
    const page = valueOf(read, 'scrolling the customers');
    const { errors } = await importBatch(deps, context, page);
    const served = page.customers.length + page.rejected.length;
    const checkpoint = { token: page.nextToken, scrollStartedAt: startedAt.toISOString() };
    return stepResult(state, checkpoint, served, errors, page.nextToken === null, page.total ?? state.total);
  },
  async afterDone(deps, context, state) {
    // Deltas pick up from when the scroll began: anything updated during it is read again.
    const since = dateField(state.checkpoint, 'scrollStartedAt') ?? deps.clock.now();
    await deps.syncJobs.schedule(context.tenantId, 'customers.delta', {
      checkpoint: { since: since.toISOString() },
      runAfter: new Date(deps.clock.now().getTime() + CUSTOMER_DELTA_EVERY_MS),
    });
  },
};

export const customersDelta: SyncJobDefinition = {
  kind: 'customers.delta',
  grows: 'members',
  repeatEveryMs: CUSTOMER_DELTA_EVERY_MS,
  async step(deps, context, state) {
    const now = deps.clock.now();
    const since = dateField(state.checkpoint, 'since') ?? new Date(now.getTime() - CUSTOMER_DELTA_EVERY_MS);
    const from = dateField(state.checkpoint, 'from') ?? new Date(since.getTime() - DELTA_OVERLAP_MS);
    const to = dateField(state.checkpoint, 'to') ?? now;
    const offset = numberField(state.checkpoint, 'offset', 0);
    const page = valueOf(await context.reader.customersUpdated({ from, to, offset, limit: SEARCH_PAGE }), 'reading updated customers');
    const { errors } = await importBatch(deps, context, page);
    const read = page.customers.length + page.rejected.length;
    const window = { since: since.toISOString(), from: from.toISOString(), to: to.toISOString() };
    if (read > 0 && offset + SEARCH_PAGE < page.total) {
      if (offset + SEARCH_PAGE < SEARCH_DEPTH) return stepResult(state, { ...window, offset: offset + SEARCH_PAGE }, read, errors, false);
      // Deeper than Master Data pages: go on from the last update read (re-reading its ties is harmless).
      const last = page.customers.at(-1)?.updatedIn;
      const lastAt = last ? new Date(last) : null;
      if (lastAt && lastAt > from) return stepResult(state, { ...window, from: lastAt.toISOString(), offset: 0 }, read, errors, false);
      errors.push(`more than ${SEARCH_DEPTH} customers were updated at ${from.toISOString()}; the rest waits for the next full import`);
    }
    return stepResult(state, { since: to.toISOString() }, read, errors, true, null);
  },
};
