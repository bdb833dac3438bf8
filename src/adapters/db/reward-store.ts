import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { RewardStore } from '../../app/rewards/ports';
import type { Reward, RewardKind, RewardSource } from '../../domain/reward';
import type { Database } from './database';
import { rewards } from './schema';

type RewardRow = typeof rewards.$inferSelect;

export const toReward = (row: RewardRow): Reward => ({ ...row, kind: row.kind as RewardKind, source: row.source as RewardSource });

export function sqlRewardStore(database: Database): RewardStore {
  const { orm } = database;
  return {
    async create(reward) {
      await orm.insert(rewards).values(reward);
    },

    async get(tenantId, rewardId) {
      const [row] = await orm.select().from(rewards).where(and(eq(rewards.tenantId, tenantId), eq(rewards.id, rewardId)));
      return row ? toReward(row) : null;
    },

    async update(reward) {
      // What VTEX says (availability, price, the promotion) is written by the import and the
      // issuing only, so a merchant's change that overlaps them never writes back an old value.
      const {
        tenantId, id, createdAt: _createdAt, source: _source, priceCents: _price, available: _available,
        unavailableReason: _reason, vtexPromotionId: _promotion, ...fields
      } = reward;
      const [row] = await orm.update(rewards).set(fields).where(and(eq(rewards.tenantId, tenantId), eq(rewards.id, id))).returning();
      return row ? toReward(row) : null;
    },

    async setPromotion(tenantId, rewardId, promotionId) {
      const where = and(eq(rewards.tenantId, tenantId), eq(rewards.id, rewardId));
      const [saved] = await orm
        .update(rewards)
        .set({ vtexPromotionId: promotionId })
        .where(and(where, isNull(rewards.vtexPromotionId)))
        .returning({ id: rewards.vtexPromotionId });
      if (saved?.id) return saved.id;
      const [current] = await orm.select({ id: rewards.vtexPromotionId }).from(rewards).where(where);
      return current?.id ?? promotionId;
    },

    // Neither touches updatedAt: that is when the merchant last changed the reward.
    async setIssueError(tenantId, rewardId, issueError) {
      await orm.update(rewards).set({ issueError }).where(and(eq(rewards.tenantId, tenantId), eq(rewards.id, rewardId)));
    },

    async list(tenantId, query) {
      const rows = await orm
        .select()
        .from(rewards)
        .where(and(
          eq(rewards.tenantId, tenantId),
          query.active === null ? undefined : eq(rewards.active, query.active),
          query.cursor === null ? undefined : lt(rewards.id, query.cursor),
        ))
        .orderBy(desc(rewards.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit).map(toReward);
      return { items, nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null };
    },
  };
}
