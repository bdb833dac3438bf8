// Product rewards imported from the VTEX catalog, a page at a time (src/app/sync/product-import.ts):
// one SELECT finds the page's SKUs already imported; one transaction inserts the new rewards and
// updates the changed ones, one statement each (the page as one JSON parameter).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ProductImportStore } from '../../app/sync/ports';
import type { Reward } from '../../domain/reward';
import type { Database } from './database';
import { toReward } from './reward-store';
import { rewards } from './schema';

export function sqlProductImportStore(database: Database): ProductImportStore {
  return {
    async importedProducts(tenantId, skuIds) {
      const found = new Map<string, Reward>();
      if (skuIds.length === 0) return found;
      const rows = await database.orm
        .select()
        .from(rewards)
        .where(and(eq(rewards.tenantId, tenantId), eq(rewards.source, 'vtex'), inArray(rewards.skuId, skuIds)));
      for (const row of rows) if (row.skuId !== null) found.set(row.skuId, toReward(row));
      return found;
    },

    async savePage(tenantId, page) {
      if (page.created.length + page.refreshed.length === 0) return;
      const created = page.created.filter((reward) => reward.tenantId === tenantId);
      const refreshed = JSON.stringify(page.refreshed.map((reward) => ({
        id: reward.id,
        name: reward.name,
        imageUrl: reward.imageUrl,
        priceCents: reward.priceCents,
        cost: reward.cost,
        available: reward.available,
        unavailableReason: reward.unavailableReason,
        updatedAt: reward.updatedAt.toISOString(),
      })));
      await database.transaction(async (tx) => {
        // A reward for the SKU imported meanwhile (the unique index per tenant and SKU) stays as it is.
        if (created.length > 0) await tx.orm.insert(rewards).values(created).onConflictDoNothing();
        if (page.refreshed.length === 0) return;
        // The merchant may have set the cost since the page was read: theirs stays.
        await tx.query(sql`update rewards r
          set name = x.name, image_url = x."imageUrl", price_cents = x."priceCents",
              cost = case when r.cost_edited then r.cost else x.cost end,
              available = x.available, unavailable_reason = x."unavailableReason", updated_at = x."updatedAt"
          from jsonb_to_recordset(${refreshed}::jsonb) as x(id text, name text, "imageUrl" text, "priceCents" bigint, cost bigint,
            available boolean, "unavailableReason" text, "updatedAt" timestamptz)
          where r.tenant_id = ${tenantId} and r.id = x.id and r.source = 'vtex'`);
      });
    },

    async markUnlisted(tenantId, skuIds, reason, now) {
      const rows = await database.query<{ id: string }>(sql`update rewards
        set available = false, unavailable_reason = ${reason}, updated_at = ${now.toISOString()}::timestamptz
        where tenant_id = ${tenantId} and source = 'vtex'
          and sku_id not in (select jsonb_array_elements_text(${JSON.stringify(skuIds)}::jsonb))
          and (available or unavailable_reason is distinct from ${reason})
        returning id`);
      return rows.length;
    },
  };
}
