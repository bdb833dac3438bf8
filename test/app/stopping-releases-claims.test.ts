// A worker that stops hands back what it claimed but will not do: sync jobs it holds, e-mails and
// redemptions it claimed and did not reach are due again at once, for another worker, instead of
// waiting for their claims to run out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/adapters/db/database';
import { deliverEmails } from '../../src/app/email/deliver-emails';
import { issueDueCoupons } from '../../src/app/rewards/issue-coupon';
import type { EmailSender } from '../../src/app/email/ports';
import { engines } from '../harness/databases';
import { seedMember, seedTenant, worldOn, type World } from '../harness/world';

describe.each(engines)('claims released by a stopping worker on $name', (engine) => {
  let database: Database;
  let world: World;
  beforeAll(async () => {
    database = await engine.open();
    world = worldOn(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  const stopped = () => {
    const controller = new AbortController();
    controller.abort();
    return controller.signal;
  };

  /** A tenant whose VTEX integration is active (its queued work is claimable). */
  async function activeTenant() {
    const { tenantId } = await seedTenant(world);
    await database.query(sql`insert into vtex_integrations (tenant_id, app_key_sealed, app_token_sealed, hook_secret_sealed, account_name, store_url, credit_delay_days, scoring_statuses, active)
      values (${tenantId}, 'sealed', 'sealed', 'sealed', 'releaseloja', 'https://loja.example', 7, '["invoiced"]'::jsonb, true)`);
    return tenantId;
  }

  const dueTimes = async (table: 'emails' | 'redemptions', tenantId: string) =>
    (await database.query<{ due: string | Date }>(sql`select next_attempt_at as due from ${sql.raw(table)} where tenant_id = ${tenantId} order by id`)).map((row) => new Date(row.due).toISOString());

  it('gives back the sync jobs it holds, and only those, due now with their checkpoint', async () => {
    const tenantId = await activeTenant();
    const now = world.clock.now();
    await world.syncJobs.schedule(tenantId, 'customers.import', { checkpoint: { page: 3 }, runAfter: now });
    await world.syncJobs.schedule(tenantId, 'orders.import', { checkpoint: {}, runAfter: now });
    const mine = await world.syncJobs.claim('stopping-worker', now, 60_000, [tenantId]);
    const theirs = await world.syncJobs.claim('other-worker', now, 60_000, [tenantId]);
    expect([mine?.kind, theirs?.kind].sort()).toEqual(['customers.import', 'orders.import']);

    const later = new Date(now.getTime() + 5_000);
    expect(await world.syncJobs.releaseHeldBy('stopping-worker', later)).toBe(1);
    const rows = await database.query<{ kind: string; state: string; lease_owner: string | null; run_after: string | Date; checkpoint: Record<string, unknown> }>(
      sql`select kind, state, lease_owner, run_after, checkpoint from sync_jobs where tenant_id = ${tenantId}`,
    );
    const byKind = new Map(rows.map((row) => [row.kind, row]));
    expect(byKind.get(mine!.kind)).toMatchObject({ state: 'queued', lease_owner: null, checkpoint: mine!.checkpoint });
    expect(new Date(byKind.get(mine!.kind)!.run_after).toISOString()).toBe(later.toISOString());
    expect(byKind.get(theirs!.kind)).toMatchObject({ state: 'running', lease_owner: 'other-worker' });
    // Given back, it is claimable at once.
    expect((await world.syncJobs.claim('next-worker', later, 60_000, [tenantId]))?.kind).toBe(mine!.kind);
  });

  it('gives back the e-mails it claimed and did not send', async () => {
    const tenantId = await activeTenant();
    const member = await seedMember(world, tenantId);
    const now = world.clock.now();
    for (const id of ['eml_release_1', 'eml_release_2']) {
      await database.query(sql`insert into emails (tenant_id, id, member_id, type, dedupe_key, from_address, to_address, language, subject, html, text, status, next_attempt_at)
        values (${tenantId}, ${id}, ${member.id}, 'welcome', ${id}, 'a@loja.example', 'b@loja.example', 'pt-BR', 's', 'h', 't', 'queued', ${now.toISOString()}::timestamptz)`);
    }
    const sent: string[] = [];
    const sender: EmailSender = {
      send: async (email) => {
        sent.push(email.to);
        return { ok: true, response: '250 ok' };
      },
      close: async () => undefined,
    };
    const result = await deliverEmails({ ...world, emailSender: sender }, { tenantIds: [tenantId], signal: stopped() });
    expect(result.sent).toBe(0);
    expect(sent).toEqual([]);
    // Claimed (due five minutes later), then given back: due now again.
    expect(await dueTimes('emails', tenantId)).toEqual([now.toISOString(), now.toISOString()]);
    const again = await world.emails.claimDue(now, 60_000, 10, [tenantId]);
    expect(again.map((email) => email.id).sort()).toEqual(['eml_release_1', 'eml_release_2']);
  });

  it('gives back the redemptions it claimed and did not issue', async () => {
    const tenantId = await activeTenant();
    const now = world.clock.now();
    await database.query(sql`insert into redemptions (tenant_id, id, member_id, reward_id, status, cost, idempotency_key, reward, next_attempt_at)
      values (${tenantId}, 'rdm_release', 'mbr_x', 'rwd_x', 'issuing', 10, 'redeem:release', '{}'::jsonb, ${now.toISOString()}::timestamptz)`);
    const result = await issueDueCoupons(world, { tenantIds: [tenantId], signal: stopped() });
    expect(result).toEqual({ issued: 0, retrying: 0, failed: 0 });
    expect(await dueTimes('redemptions', tenantId)).toEqual([now.toISOString()]);
    expect(await world.redemptions.claimDueIssues(now, 60_000, 10, [tenantId])).toEqual([{ tenantId, id: 'rdm_release' }]);
  });
});
