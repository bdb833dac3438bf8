import { invalid, notFound } from '../../domain/errors';
import type { HistoryPage, LedgerStore } from '../ports';
import { pageLimit } from '../paging';

export const MAX_HISTORY_PAGE = 100;

/** A member's ledger transactions, newest first, a page at a time. */
export async function listHistory(
  deps: { ledger: LedgerStore },
  query: { tenantId: string; memberId: string; cursor?: string | undefined; limit?: number | undefined },
): Promise<HistoryPage> {
  const limit = pageLimit(query.limit, MAX_HISTORY_PAGE);
  if (query.cursor !== undefined && !/^[A-Za-z0-9_-]{1,200}$/.test(query.cursor)) throw invalid('cursor', 'is not a cursor this API gave');
  // A balance row exists for every member: its absence means the member is not the tenant's.
  if (!(await deps.ledger.balance(query.tenantId, query.memberId))) throw notFound('member');
  return deps.ledger.history(query.tenantId, query.memberId, { cursor: query.cursor ?? null, limit });
}
