// Members from a page of VTEX customers, in one transaction per page: one SELECT finds who is
// already a member (by VTEX user id or e-mail), one INSERT statement creates the new members,
// their balances and their `member.joined` events, and only members whose data changed are
// updated. A concurrent enrolment of the same customer (the order job) makes the page retry.
// Erased members (LGPD, src/app/members/erase-member.ts) are never matched nor updated: a customer
// whose member was erased joins again as a new member, with no history.
import { and, eq, ne, sql } from 'drizzle-orm';
import { newId } from '../../app/ids';
import type { ImportedMemberFields, ImportOutcome, MemberImportStore } from '../../app/sync/ports';
import type { Database, Executor } from './database';
import { isUniqueViolation } from './errors';
import { members, outboxEvents } from './schema';

type Existing = Pick<typeof members.$inferSelect, 'id' | 'vtexUserId' | 'email' | 'name' | 'document' | 'phone' | 'birthDate' | 'marketingOptIn'>;

const MAX_ATTEMPTS = 3;

/** The fields that would change: only values the customer has, never clearing what we hold. */
function changes(current: Existing, incoming: ImportedMemberFields): Partial<ImportedMemberFields> {
  const changed: Partial<ImportedMemberFields> = {};
  if (incoming.vtexUserId && current.vtexUserId !== incoming.vtexUserId) changed.vtexUserId = incoming.vtexUserId;
  if (incoming.email && current.email !== incoming.email) changed.email = incoming.email;
  if (incoming.name && current.name !== incoming.name) changed.name = incoming.name;
  if (incoming.document && current.document !== incoming.document) changed.document = incoming.document;
  if (incoming.phone && current.phone !== incoming.phone) changed.phone = incoming.phone;
  if (incoming.birthDate && current.birthDate !== incoming.birthDate) changed.birthDate = incoming.birthDate;
  if (current.marketingOptIn !== incoming.marketingOptIn) changed.marketingOptIn = incoming.marketingOptIn;
  return changed;
}

async function upsertPage(tx: Executor, tenantId: string, customers: ImportedMemberFields[], now: Date): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: 0, updated: 0, unchanged: 0, skipped: [] };
  const userIds = customers.flatMap((c) => (c.vtexUserId ? [c.vtexUserId] : []));
  const emails = customers.flatMap((c) => (c.email ? [c.email] : []));
  // Ids as JSON parameters: a 2,000-value IN list cost more CPU to build than the query.
  const found = userIds.length + emails.length === 0 ? [] : await tx.query<Existing>(sql`select id, vtex_user_id as "vtexUserId", email, name,
      document, phone, birth_date as "birthDate", marketing_opt_in as "marketingOptIn"
    from members
    where tenant_id = ${tenantId} and status <> 'erased' and (
      vtex_user_id in (select jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb))
      or email in (select jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb)))`);
  const byUserId = new Map(found.flatMap((m) => (m.vtexUserId ? [[m.vtexUserId, m] as const] : [])));
  const byEmail = new Map(found.flatMap((m) => (m.email ? [[m.email, m] as const] : [])));
  const fresh: Existing[] = [];

  for (const customer of customers) {
    const key = customer.vtexUserId ?? customer.email ?? '';
    let member = customer.vtexUserId ? byUserId.get(customer.vtexUserId) : undefined;
    if (!member && customer.email) {
      const sameEmail = byEmail.get(customer.email);
      if (sameEmail?.vtexUserId && customer.vtexUserId && sameEmail.vtexUserId !== customer.vtexUserId) {
        outcome.skipped.push({ key, reason: 'the e-mail belongs to a member linked to another VTEX user' });
        continue;
      }
      member = sameEmail;
    }
    if (!member) {
      const id = newId('mbr', now.getTime());
      const created: Existing = { id, vtexUserId: customer.vtexUserId, email: customer.email, name: customer.name, document: customer.document, phone: customer.phone, birthDate: customer.birthDate, marketingOptIn: customer.marketingOptIn };
      fresh.push(created);
      // A second document for the same customer in this page updates the one just created.
      if (customer.vtexUserId) byUserId.set(customer.vtexUserId, created);
      if (customer.email) byEmail.set(customer.email, created);
      outcome.created++;
      continue;
    }
    const changed = changes(member, customer);
    if (changed.email && byEmail.get(changed.email) && byEmail.get(changed.email) !== member) {
      delete changed.email;
    }
    if (Object.keys(changed).length === 0) {
      outcome.unchanged++;
      continue;
    }
    const pendingInsert = fresh.find((row) => row.id === member.id);
    if (pendingInsert) {
      Object.assign(pendingInsert, changed);
    } else {
      // Never onto a member erased since the SELECT above: erasure is final.
      await tx.orm.update(members).set({ ...changed, updatedAt: now }).where(and(eq(members.tenantId, tenantId), eq(members.id, member.id), ne(members.status, 'erased')));
      outcome.updated++;
    }
    Object.assign(member, changed);
    if (changed.vtexUserId) byUserId.set(changed.vtexUserId, member);
    if (changed.email) byEmail.set(changed.email, member);
  }

  if (fresh.length > 0) await insertMembers(tx, tenantId, fresh, now);
  return outcome;
}

/**
 * New members with their empty balances and their `member.joined` events, in one statement that
 * takes the rows as one JSON parameter.
 */
async function insertMembers(tx: Executor, tenantId: string, fresh: Existing[], now: Date): Promise<void> {
  const rows = JSON.stringify(fresh.map((member) => ({ ...member, eventId: newId('evt', now.getTime()) })));
  const at = now.toISOString();
  await tx.query(sql`with fresh as (
      select * from jsonb_to_recordset(${rows}::jsonb) as m(id text, "vtexUserId" text, email text, name text, document text,
        phone text, "birthDate" date, "marketingOptIn" boolean, "eventId" text)
    ), inserted as (
      insert into members (tenant_id, id, vtex_user_id, email, name, document, phone, birth_date, marketing_opt_in, status, created_at, updated_at)
      select ${tenantId}, id, "vtexUserId", email, name, document, phone, "birthDate", "marketingOptIn", 'active', ${at}::timestamptz, ${at}::timestamptz
        from fresh
      returning id
    ), balances as (
      insert into member_balances (tenant_id, member_id) select ${tenantId}, id from inserted
    )
    insert into outbox_events (tenant_id, id, type, dedupe_key, member_id, payload, created_at)
    select ${tenantId}, fresh."eventId", 'member.joined', 'member.joined:' || fresh.id, fresh.id, '{"source":"vtex_import"}'::jsonb, ${at}::timestamptz
      from fresh join inserted on inserted.id = fresh.id
    on conflict do nothing`);
}

/** The outbox row that says a member joined; once per member. */
export function joinedEvent(tenantId: string, memberId: string, source: string, now: Date): typeof outboxEvents.$inferInsert {
  return { tenantId, id: newId('evt', now.getTime()), type: 'member.joined', dedupeKey: `member.joined:${memberId}`, memberId, payload: { source }, createdAt: now };
}

export function sqlMemberImportStore(database: Database): MemberImportStore {
  return {
    async upsert(tenantId, customers, now) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await database.transaction((tx) => upsertPage(tx, tenantId, customers, now));
        } catch (error) {
          // Someone enrolled one of these customers meanwhile: read again and match them.
          if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },
  };
}
