// How domain records look on the wire.
import type { Member } from '../../../domain/member';
import type { Program } from '../../../domain/program';
import type { Reward } from '../../../domain/reward';
import type { BalanceView, TransactionView } from '../../../app/ports';
import type { Redemption } from '../../../app/rewards/ports';

export const presentMember = (member: Member) => {
  const { tenantId: _tenantId, createdAt, updatedAt, ...rest } = member;
  return { ...rest, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
};

export const presentMemberWithBalance = (member: Member, balance: BalanceView) => ({ ...presentMember(member), balance });

export const presentTransaction = (transaction: TransactionView) => ({
  ...transaction,
  createdAt: transaction.createdAt.toISOString(),
});

export const presentProgram = (program: Program) => ({
  ...program,
  createdAt: program.createdAt.toISOString(),
  updatedAt: program.updatedAt.toISOString(),
});

export const presentReward = (reward: Reward) => {
  const { tenantId: _tenantId, activeFrom, activeUntil, createdAt, updatedAt, ...rest } = reward;
  return {
    ...rest,
    activeFrom: activeFrom?.toISOString() ?? null,
    activeUntil: activeUntil?.toISOString() ?? null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
};

export const presentRedemption = (redemption: Redemption) => {
  const { tenantId: _tenantId, idempotencyKey: _key, couponExpiresAt, createdAt, updatedAt, ...rest } = redemption;
  return {
    ...rest,
    couponExpiresAt: couponExpiresAt?.toISOString() ?? null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
};
