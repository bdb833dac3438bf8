// Shapes shared by several routes, for validation, serialization and the OpenAPI document.
import { Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      requestId: Type.String(),
      field: Type.Optional(Type.String()),
      errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const MemberFieldsSchema = {
  externalId: Type.Optional(Nullable(Type.String({ maxLength: 200, description: "The store's own customer id" }))),
  vtexUserId: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'VTEX userId (clientProfileData.userProfileId)' }))),
  email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  document: Type.Optional(Nullable(Type.String({ maxLength: 32, description: 'CPF (checked when it has 11 digits) or another document' }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  birthDate: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }))),
  marketingOptIn: Type.Optional(Type.Boolean()),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('blocked')])),
};

export const Balance = Type.Object({
  available: Type.Integer(),
  pending: Type.Integer(),
  held: Type.Integer(),
  lifetimeEarned: Type.Integer(),
  nextExpiry: Nullable(Type.Object({ date: Type.String({ format: 'date' }), points: Type.Integer() })),
});

export const Member = Type.Object({
  id: Type.String(),
  externalId: Nullable(Type.String()),
  vtexUserId: Nullable(Type.String()),
  email: Nullable(Type.String()),
  name: Nullable(Type.String()),
  document: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  birthDate: Nullable(Type.String()),
  marketingOptIn: Type.Boolean(),
  status: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const MemberWithBalance = Type.Intersect([Member, Type.Object({ balance: Balance })]);

export const Transaction = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  memberId: Type.String(),
  reference: Type.String(),
  points: Type.Integer(),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  postings: Type.Array(Type.Object({ account: Type.String(), amount: Type.Integer() })),
  createdAt: Type.String({ format: 'date-time' }),
});

export const Program = Type.Object({
  tenantId: Type.String(),
  name: Type.String(),
  pointsNameSingular: Type.String(),
  pointsNamePlural: Type.String(),
  pointsPerCurrencyUnit: Type.Number(),
  language: Type.String(),
  timezone: Type.String(),
  pointsExpiryDays: Nullable(Type.Integer()),
  rewardCostFactor: Type.Number(),
  expiredCouponsReturnPoints: Type.Boolean(),
  brandColor: Type.String(),
  logoUrl: Nullable(Type.String()),
  emailTypesOff: Type.Array(Type.String()),
  publicKey: Type.String({ description: "The storefront widget's data-key (not a secret)" }),
  rulesText: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const MemberIdParams = Type.Object({ memberId: Type.String({ maxLength: 64 }) });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

/** A reward as the admin API shows it (src/domain/reward.ts). */
export const Reward = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  imageUrl: Nullable(Type.String()),
  cost: Type.Integer(),
  skuId: Nullable(Type.String()),
  discountCents: Nullable(Type.Integer()),
  discountPercent: Nullable(Type.Number()),
  minOrderCents: Nullable(Type.Integer()),
  activeFrom: Nullable(Type.String()),
  activeUntil: Nullable(Type.String()),
  stock: Nullable(Type.Integer()),
  perMemberLimit: Nullable(Type.Integer()),
  active: Type.Boolean(),
  source: Type.Union([Type.Literal('manual'), Type.Literal('vtex')], { description: 'vtex: imported from the catalog and refreshed from it' }),
  priceCents: Nullable(Type.Integer({ description: "The SKU's price in VTEX when imported" })),
  available: Type.Boolean({ description: 'VTEX offers the SKU now; only active and available rewards redeem' }),
  unavailableReason: Nullable(Type.String()),
  costEdited: Type.Boolean({ description: 'The cost was set by hand; the catalog refresh keeps it' }),
  vtexPromotionId: Nullable(Type.String({ description: 'The VTEX promotion its coupons activate' })),
  issueError: Nullable(Type.String({ description: 'Why coupons for it cannot be issued now' })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** What a reward may be created or changed with; the domain checks values and the rules between fields. */
export const RewardInputSchema = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 40 })),
    name: Type.Optional(Nullable(Type.String({ maxLength: 1_000 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
    imageUrl: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
    cost: Type.Optional(Nullable(Type.Number())),
    skuId: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    discountCents: Type.Optional(Nullable(Type.Number())),
    discountPercent: Type.Optional(Nullable(Type.Number())),
    minOrderCents: Type.Optional(Nullable(Type.Number())),
    activeFrom: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    activeUntil: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    stock: Type.Optional(Nullable(Type.Number())),
    perMemberLimit: Type.Optional(Nullable(Type.Number())),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RewardIdParams = Type.Object({ rewardId: Type.String({ maxLength: 64 }) });

export const Redemption = Type.Object({
  id: Type.String(),
  memberId: Type.String(),
  rewardId: Type.String(),
  status: Type.String(),
  cost: Type.Integer(),
  reward: Type.Object({
    kind: Type.String(),
    name: Type.String(),
    skuId: Nullable(Type.String()),
    discountCents: Nullable(Type.Integer()),
    discountPercent: Nullable(Type.Number()),
    minOrderCents: Nullable(Type.Integer()),
  }),
  couponCode: Nullable(Type.String({ description: 'Once issued: the single-use VTEX coupon code' })),
  couponExpiresAt: Nullable(Type.String()),
  instructions: Nullable(Type.String({ description: "While issued: how to use the coupon, in the program's language" })),
  reason: Nullable(Type.String()),
  orderId: Nullable(Type.String({ description: 'Once used: the order that used the coupon' })),
  issueAttempts: Type.Integer({ description: 'Attempts to issue the coupon in VTEX' }),
  nextAttemptAt: Nullable(Type.String({ description: 'While issuing: when the next attempt runs' })),
  lastError: Nullable(Type.String({ description: 'The last failure to issue the coupon' })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const RedemptionIdParams = Type.Object({ redemptionId: Type.String({ maxLength: 64 }) });
