import { notFound } from '../../domain/errors';
import type { BalanceView, LedgerStore } from '../ports';

export async function getBalance(deps: { ledger: LedgerStore }, tenantId: string, memberId: string): Promise<BalanceView> {
  const balance = await deps.ledger.balance(tenantId, memberId);
  if (!balance) throw notFound('member');
  return balance;
}
