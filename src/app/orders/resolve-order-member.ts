// The member an order belongs to. Order e-mails are masked aliases, so the customer is found by
// the order's userProfileId: a member already linked to it, else the CL document with that
// userId (linking a member who joined with the same e-mail), else a new member.
import { DomainError } from '../../domain/errors';
import { memberFieldsFromCustomer, type CustomerRecord, type Member, type MemberFields } from '../../domain/member';
import { createMember, updateMember } from '../members/members';
import type { Clock, CustomerFacts, MemberStore, VtexOrderReader } from '../ports';

export class OrderProcessingError extends Error {
  /**
   * `refused`: VTEX turned the app key down (401/403): tried again only hourly, until the merchant
   * fixes the key (saving the integration re-queues what failed).
   */
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly refused = false,
  ) {
    super(message);
    this.name = 'OrderProcessingError';
  }
}

/** The member fields of a CL document (or, without one, of the order's name). */
function fieldsFrom(customer: CustomerFacts | null, userId: string, fallbackName: string | null): MemberFields {
  const fields = memberFieldsFromCustomer({ ...(customer ?? EMPTY_CUSTOMER), userId }, fallbackName);
  const present = Object.entries(fields).filter(([, value]) => value !== null);
  return Object.fromEntries(present) as MemberFields;
}

const EMPTY_CUSTOMER: CustomerRecord = { userId: null, email: null, firstName: null, lastName: null, document: null, phone: null, birthDate: null, isNewsletterOptIn: false };

export async function resolveOrderMember(
  deps: { members: MemberStore; clock: Clock },
  reader: VtexOrderReader,
  tenantId: string,
  order: { userProfileId: string | null; firstName: string | null; lastName: string | null },
): Promise<Member> {
  const userId = order.userProfileId;
  if (!userId) throw new OrderProcessingError('the order has no clientProfileData.userProfileId', false);
  const linked = await deps.members.findBy(tenantId, { vtexUserId: userId });
  if (linked) return linked;
  const customer = await reader.getCustomer(userId);
  if (!customer.ok) throw new OrderProcessingError(`reading the customer: ${customer.message}`, customer.retryable, customer.refused !== undefined);
  const fields = fieldsFrom(customer.value, userId, [order.firstName, order.lastName].filter(Boolean).join(' ') || null);
  const byEmail = fields.email ? await deps.members.findBy(tenantId, { email: fields.email.toLowerCase() }) : null;
  try {
    if (byEmail) return await updateMember(deps, tenantId, byEmail.id, { vtexUserId: userId });
    return await createMember(deps, tenantId, fields);
  } catch (error) {
    // Another order of the same new customer enrolled them first: use that member.
    if (error instanceof DomainError && error.code === 'MEMBER_EXISTS') {
      const again = await deps.members.findBy(tenantId, { vtexUserId: userId });
      if (again) return again;
    }
    throw error;
  }
}
