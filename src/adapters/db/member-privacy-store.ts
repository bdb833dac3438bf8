// A member's personal data under the LGPD: the records an export reads that no other store serves
// (earnings with their order inputs, sign-in codes), and erasure in one transaction.
import { and, eq, sql } from 'drizzle-orm';
import type { Earning } from '../../domain/ledger/commands';
import type { MemberStatus } from '../../domain/member';
import type { EarningRecord, MemberPrivacyStore } from '../../app/members/ports';
import type { Database } from './database';
import { members } from './schema';

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

interface EarningRow {
  id: string;
  member_id: string;
  reference: string;
  points: number;
  due_at: Date | string;
  status: Earning['status'];
  matured_points: number;
  reversed_points: number;
  shortfall_points: number;
  lot_id: string | null;
  created_at: Date | string;
  metadata: Record<string, unknown>;
}

export function sqlMemberPrivacyStore(database: Database): MemberPrivacyStore {
  return {
    async earnings(tenantId, memberId) {
      // Through the member's transactions (indexed by member); an earning's id is its earn's id.
      const rows = await database.query<EarningRow>(sql`select e.id, e.member_id, e.reference, e.points, e.due_at, e.status,
          e.matured_points, e.reversed_points, e.shortfall_points, e.lot_id, e.created_at, t.metadata
        from ledger_transactions t join earnings e on e.tenant_id = t.tenant_id and e.id = t.id
        where t.tenant_id = ${tenantId} and t.member_id = ${memberId} and t.kind = 'earn'
        order by t.id`);
      return rows.map((row): EarningRecord => ({
        id: row.id,
        memberId: row.member_id,
        reference: row.reference,
        points: row.points,
        dueAt: asDate(row.due_at),
        status: row.status,
        maturedPoints: row.matured_points,
        reversedPoints: row.reversed_points,
        shortfallPoints: row.shortfall_points,
        lotId: row.lot_id,
        details: row.metadata,
        createdAt: asDate(row.created_at),
      }));
    },

    async loginCodes(tenantId, memberId) {
      const rows = await database.query<{ created_at: Date | string; expires_at: Date | string }>(sql`select created_at, expires_at
        from login_codes where tenant_id = ${tenantId} and member_id = ${memberId} order by created_at`);
      return rows.map((row) => ({ createdAt: asDate(row.created_at), expiresAt: asDate(row.expires_at) }));
    },

    erase(tenantId, memberId, now) {
      const at = now.toISOString();
      return database.transaction(async (tx) => {
        // The ledger's lock first (as every ledger command takes it): a redemption waiting on it
        // then reads the member erased and is refused.
        await tx.query(sql`select 1 from member_balances where tenant_id = ${tenantId} and member_id = ${memberId} for update`);
        // FOR UPDATE also waits for an e-mail batch being saved for this member (see email-store.ts).
        const [current] = await tx.query<{ status: string }>(sql`select status from members
          where tenant_id = ${tenantId} and id = ${memberId} for update`);
        if (!current) return { outcome: 'not_found' as const };
        if (current.status === 'erased') return { outcome: 'already_erased' as const };
        const [row] = await tx.orm
          .update(members)
          .set({
            externalId: null,
            vtexUserId: null,
            email: null,
            name: null,
            document: null,
            phone: null,
            birthDate: null,
            marketingOptIn: false,
            // Belt and braces: even a message made for this row later would be skipped.
            unsubscribedAt: sql`coalesce(${members.unsubscribedAt}, ${at}::timestamptz)`,
            status: 'erased',
            updatedAt: now,
          })
          .where(and(eq(members.tenantId, tenantId), eq(members.id, memberId)))
          .returning();
        if (!row) throw new Error(`member ${memberId} vanished while locked`);
        // Every failure text may quote the address (a bounce, "not a valid e-mail address: …").
        const emails = await tx.query<{ id: string }>(sql`update emails set to_address = '', subject = '', html = '', text = '',
            smtp_response = null,
            status = case when status = 'queued' then 'skipped' else status end,
            next_attempt_at = case when status = 'queued' then null else next_attempt_at end,
            last_error = case when status = 'queued' then 'the member''s data was erased before it was sent'
                              when last_error is null then null else '(erased)' end,
            updated_at = ${at}::timestamptz
          where tenant_id = ${tenantId} and member_id = ${memberId}
          returning id`);
        const events = await tx.query<{ id: string }>(sql`update outbox_events set payload = '{"erased": true}'::jsonb, processed_at = ${at}::timestamptz
          where tenant_id = ${tenantId} and member_id = ${memberId} and processed_at is null
          returning id`);
        const codes = await tx.query<{ email: string }>(sql`delete from login_codes where tenant_id = ${tenantId} and member_id = ${memberId}
          returning email`);
        // The audit log keeps what was done to the member, not who they were.
        const personal = sql.raw(`array['email', 'name', 'document', 'phone', 'birthDate', 'externalId', 'vtexUserId', 'toAddress']`);
        await tx.query(sql`update audit_log set
            before = case when jsonb_typeof(before) = 'object' then before - ${personal} else before end,
            after = case when jsonb_typeof(after) = 'object' then after - ${personal} else after end
          where tenant_id = ${tenantId} and target_id = ${memberId}`);
        return {
          outcome: 'erased' as const,
          member: { ...row, status: row.status as MemberStatus },
          counts: { emails: emails.length, outboxEvents: events.length, loginCodes: codes.length },
        };
      });
    },
  };
}
