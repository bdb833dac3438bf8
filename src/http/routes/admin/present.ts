// How domain records look on the wire.
import type { Member } from '../../../domain/member';
import type { Language, Program } from '../../../domain/program';
import { couponInstructions } from '../../../domain/coupon-instructions';
import type { Reward } from '../../../domain/reward';
import type { ApiKeySummary, BalanceView, TransactionView } from '../../../app/ports';
import type { AdminUser, AuditEntry } from '../../../app/admin/ports';
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

/** Statuses whose coupon exists in VTEX: the code is shown; before that it is not yet a coupon. */
const HAS_COUPON = ['issued', 'used', 'expired', 'cancelled'];

export const presentRedemption = (redemption: Redemption, language: Language) => {
  const { tenantId: _tenantId, idempotencyKey: _key, couponCode, couponExpiresAt, nextAttemptAt, createdAt, updatedAt, ...rest } = redemption;
  const code = HAS_COUPON.includes(redemption.status) ? couponCode : null;
  return {
    ...rest,
    couponCode: code,
    instructions: redemption.status === 'issued' && code !== null ? couponInstructions(redemption.reward, code, language) : null,
    nextAttemptAt: redemption.status === 'issuing' ? (nextAttemptAt?.toISOString() ?? null) : null,
    couponExpiresAt: couponExpiresAt?.toISOString() ?? null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const presentAdminUser = (user: AdminUser) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  language: user.language,
  lastSignInAt: iso(user.lastSignInAt),
  lockedUntil: iso(user.lockedUntil),
  disabledAt: iso(user.disabledAt),
  createdAt: user.createdAt.toISOString(),
});

export const presentApiKey = (key: ApiKeySummary) => ({
  id: key.id,
  name: key.name,
  createdAt: key.createdAt.toISOString(),
  revokedAt: iso(key.revokedAt),
});

export const presentAuditEntry = (entry: AuditEntry) => {
  const { tenantId: _tenantId, createdAt, ...rest } = entry;
  return { ...rest, createdAt: createdAt.toISOString() };
};
