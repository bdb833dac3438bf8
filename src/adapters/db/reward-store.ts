import { and, desc, eq, lt } from 'drizzle-orm';
import type { RewardStore } from '../../app/rewards/ports';
import type { Reward, RewardKind, RewardSource } from '../../domain/reward';
import type { Database } from './database';
import { rewards } from './schema';

type RewardRow = typeof rewards.$inferSelect;

const toReward = (row: RewardRow): Reward => ({ ...row, kind: row.kind as RewardKind, source: row.source as RewardSource });

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
      const { tenantId, id, createdAt: _createdAt, ...fields } = reward;
      const [row] = await orm.update(rewards).set(fields).where(and(eq(rewards.tenantId, tenantId), eq(rewards.id, id))).returning();
      return row ? toReward(row) : null;
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
