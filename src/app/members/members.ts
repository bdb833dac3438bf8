// Enrolling members and keeping their data. Every call is scoped to the caller's tenant: another
// tenant's member id answers NOT_FOUND, never its data.
import { DomainError, invalid, notFound } from '../../domain/errors';
import { validateMemberFields, type Member, type MemberFields } from '../../domain/member';
import { newId } from '../ids';
import type { BalanceView, Clock, LedgerStore, MemberPage, MemberStore } from '../ports';
import { pageLimit } from '../paging';

interface Deps {
  members: MemberStore;
  clock: Clock;
}

/** Errors: VALIDATION_FAILED, MEMBER_EXISTS. */
export async function createMember(deps: Deps, tenantId: string, fields: MemberFields): Promise<Member> {
  const now = deps.clock.now();
  const valid = validateMemberFields(fields, now);
  if (!valid.email && !valid.externalId && !valid.vtexUserId) {
    throw invalid('email', 'a member needs an email, an externalId or a vtexUserId');
  }
  const member: Member = {
    id: newId('mbr', now.getTime()),
    tenantId,
    externalId: valid.externalId ?? null,
    vtexUserId: valid.vtexUserId ?? null,
    email: valid.email ?? null,
    name: valid.name ?? null,
    document: valid.document ?? null,
    phone: valid.phone ?? null,
    birthDate: valid.birthDate ?? null,
    marketingOptIn: valid.marketingOptIn ?? false,
    status: valid.status ?? 'active',
    createdAt: now,
    updatedAt: now,
  };
  await deps.members.create(member);
  return member;
}

/** Errors: VALIDATION_FAILED, NOT_FOUND, MEMBER_EXISTS, INVALID_STATE (the member was erased). */
export async function updateMember(deps: Deps, tenantId: string, memberId: string, changes: MemberFields): Promise<Member> {
  const now = deps.clock.now();
  const valid = validateMemberFields(changes, now);
  const current = await deps.members.get(tenantId, memberId);
  if (!current) throw notFound('member');
  // Erasure is final: no personal data (nor a status) is written on an erased member again.
  if (current.status === 'erased') throw new DomainError('INVALID_STATE', "the member's personal data was erased: it cannot be changed");
  const merged = { ...current, ...valid };
  if (!merged.email && !merged.externalId && !merged.vtexUserId) {
    throw invalid('email', 'a member needs an email, an externalId or a vtexUserId');
  }
  const member = await deps.members.update(tenantId, memberId, valid, now);
  if (!member) throw notFound('member');
  return member;
}

export async function getMemberWithBalance(
  deps: { members: MemberStore; ledger: LedgerStore },
  tenantId: string,
  memberId: string,
): Promise<{ member: Member; balance: BalanceView }> {
  const [member, balance] = await Promise.all([deps.members.get(tenantId, memberId), deps.ledger.balance(tenantId, memberId)]);
  if (!member || !balance) throw notFound('member');
  return { member, balance };
}

export async function listMembers(
  deps: { members: MemberStore },
  tenantId: string,
  query: { search?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<MemberPage> {
  const limit = pageLimit(query.limit);
  if (query.cursor !== undefined && !/^[A-Za-z0-9_-]{1,200}$/.test(query.cursor)) throw invalid('cursor', 'is not a cursor this API gave');
  const search = query.search?.trim() ?? '';
  if (search.length > 200) throw invalid('query', 'must be at most 200 characters');
  return deps.members.list(tenantId, { search: search.length > 0 ? search : null, cursor: query.cursor ?? null, limit });
}
