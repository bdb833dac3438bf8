// Erasing a member's personal data at their request (LGPD, art. 18: anonymisation and deletion).
//
// What goes: the member's e-mail, name, document, phone, birth date, external id and VTEX user id
// (cleared; marketing opt-in off, unsubscribed), the address and content of every e-mail made for
// them (queued ones become `skipped`, so none is sent), the payload of their outbox events not yet
// handled (marked handled, so no e-mail is made from them), and their sign-in codes. All in one
// database transaction (src/adapters/db/member-privacy-store.ts).
//
// What stays: the member row itself, anonymous, with status `erased` — the append-only ledger,
// the balances, earnings, lots and redemptions point at its id and keep their sums (points and
// order ids are not personal data on their own). Pending points still mature and lots still expire
// on that anonymous row; nobody can spend them: an erased member cannot redeem (MEMBER_BLOCKED),
// sign in to the storefront, be changed through the API, or be found by a search.
//
// The same shopper again: nothing links the erased row to them any more (its identifiers are
// gone, and the import and the order job never match or update an erased row). If they shop again
// or the customer import still finds them in the store's CL, they join as a *new* member with no
// history — their old points are not given back. Keeping a hash of their identifiers to recognise
// them would itself be keeping their personal data.
//
// Erasing twice is refused (409 INVALID_STATE): the first erasure already did everything, and a
// second would only hide that the member was erased before.
import { DomainError, invalid, notFound } from '../../domain/errors';
import type { Member } from '../../domain/member';
import type { Clock } from '../ports';
import type { ErasedCounts, MemberPrivacyStore } from './ports';

export interface MemberErasure {
  member: Member;
  reason: string;
  erasedAt: Date;
  erased: ErasedCounts;
}

/** Errors: VALIDATION_FAILED (reason), NOT_FOUND, INVALID_STATE (already erased). */
export async function eraseMember(
  deps: { memberPrivacy: MemberPrivacyStore; clock: Clock },
  tenantId: string,
  memberId: string,
  command: { reason: unknown },
): Promise<MemberErasure> {
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (reason.length === 0) throw invalid('reason', 'is required: why the data is erased (e.g. the member asked on this date)');
  if (reason.length > 500) throw invalid('reason', 'must be at most 500 characters');
  const now = deps.clock.now();
  const result = await deps.memberPrivacy.erase(tenantId, memberId, now);
  if (result.outcome === 'not_found') throw notFound('member');
  if (result.outcome === 'already_erased') throw new DomainError('INVALID_STATE', "the member's personal data was already erased");
  return { member: result.member, reason, erasedAt: now, erased: result.counts };
}
