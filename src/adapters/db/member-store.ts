import { and, desc, eq, ilike, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { DomainError } from '../../domain/errors';
import type { Member, MemberFields, MemberStatus } from '../../domain/member';
import type { MemberStore } from '../../app/ports';
import type { Database } from './database';
import { isUniqueViolation } from './errors';
import { joinedEvent } from './member-import-store';
import { memberBalances, members, outboxEvents } from './schema';

type MemberRow = typeof members.$inferSelect;

export const toMember = (row: MemberRow): Member => ({ ...row, status: row.status as MemberStatus });

function duplicate(error: unknown): DomainError | null {
  if (!isUniqueViolation(error)) return null;
  for (const [constraint, field] of [
    ['members_email_key', 'email'],
    ['members_external_id_key', 'externalId'],
    ['members_vtex_user_id_key', 'vtexUserId'],
  ] as const) {
    if (isUniqueViolation(error, constraint)) {
      return new DomainError('MEMBER_EXISTS', `another member already has this ${field}`, field);
    }
  }
  return new DomainError('MEMBER_EXISTS', 'the member already exists');
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

export function sqlMemberStore(database: Database): MemberStore {
  const { orm } = database;
  // Read by every storefront and admin request about one member: prepared once (named on PostgreSQL).
  const memberById = orm
    .select()
    .from(members)
    .where(and(eq(members.tenantId, sql.placeholder('tenantId')), eq(members.id, sql.placeholder('memberId'))))
    .prepare('pontua_member_by_id');
  return {
    async create(member) {
      try {
        await database.transaction(async (tx) => {
          await tx.orm.insert(members).values(member);
          await tx.orm.insert(memberBalances).values({ tenantId: member.tenantId, memberId: member.id });
          await tx.orm.insert(outboxEvents).values(joinedEvent(member.tenantId, member.id, member.vtexUserId ? 'vtex' : 'api', member.createdAt));
        });
      } catch (error) {
        throw duplicate(error) ?? error;
      }
    },

    async get(tenantId, memberId) {
      const [row] = await memberById.execute({ tenantId, memberId });
      return row ? toMember(row) : null;
    },

    async update(tenantId, memberId, changes: MemberFields, now) {
      try {
        const [row] = await orm
          .update(members)
          .set({ ...changes, updatedAt: now })
          // An erased member is never written again (erasing happens between a read and this write).
          .where(and(eq(members.tenantId, tenantId), eq(members.id, memberId), ne(members.status, 'erased')))
          .returning();
        return row ? toMember(row) : null;
      } catch (error) {
        throw duplicate(error) ?? error;
      }
    },

    async findBy(tenantId, key) {
      const [row] = await orm
        .select()
        .from(members)
        .where(and(eq(members.tenantId, tenantId), 'vtexUserId' in key ? eq(members.vtexUserId, key.vtexUserId) : eq(members.email, key.email)));
      return row ? toMember(row) : null;
    },

    async findByVtexUserIds(tenantId, vtexUserIds) {
      if (vtexUserIds.length === 0) return new Map();
      const rows = await orm.select().from(members).where(and(eq(members.tenantId, tenantId), inArray(members.vtexUserId, vtexUserIds)));
      return new Map(rows.map((row) => [row.vtexUserId!, toMember(row)]));
    },

    async list(tenantId, query) {
      const conditions: (SQL | undefined)[] = [eq(members.tenantId, tenantId)];
      if (query.cursor !== null) conditions.push(lt(members.id, decodeCursor(query.cursor)));
      if (query.search !== null) {
        const text = query.search.trim();
        const digits = text.replace(/\D/g, '');
        // Erased members have no personal data to match; they are left out of searches all the same.
        conditions.push(ne(members.status, 'erased'));
        conditions.push(
          or(
            ilike(members.email, `${escapeLike(text.toLowerCase())}%`),
            ilike(members.name, `%${escapeLike(text)}%`),
            eq(members.externalId, text),
            digits.length >= 3 && /^[\d.\-\s]+$/.test(text) ? ilike(members.document, `${digits}%`) : undefined,
          ),
        );
      }
      const rows = await orm
        .select()
        .from(members)
        .where(and(...conditions))
        .orderBy(desc(members.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit).map(toMember);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
    },
  };
}
