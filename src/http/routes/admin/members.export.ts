// A member's data export (LGPD: access and portability), as a JSON file to hand to the member.
import { Type, type Static } from 'typebox';
import { exportMember, type MemberExport } from '../../../app/members/export-member';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { Balance, Member, MemberIdParams, Nullable, Transaction, errorResponses } from '../../schemas';
import { presentMember, presentTransaction } from './present';

const DateTime = Type.String({ format: 'date-time' });

export const MemberExportDocument = Type.Object(
  {
    exportedAt: DateTime,
    member: Member,
    balance: Balance,
    ledger: Type.Array(Transaction, { description: "The member's ledger transactions, oldest first" }),
    earnings: Type.Array(
      Type.Object({
        id: Type.String(),
        reference: Type.String(),
        orderId: Nullable(Type.String({ description: 'The VTEX order, for an earning from an order' })),
        points: Type.Integer(),
        status: Type.String(),
        dueAt: DateTime,
        maturedPoints: Type.Integer(),
        reversedPoints: Type.Integer(),
        shortfallPoints: Type.Integer(),
        details: Type.Record(Type.String(), Type.Unknown(), { description: "What the points were computed from (the order's values in cents, its status and when)" }),
        createdAt: DateTime,
      }),
      { description: 'What each order (or credit) earned, oldest first' },
    ),
    redemptions: Type.Array(
      Type.Object({
        id: Type.String(),
        rewardId: Type.String(),
        rewardName: Type.String(),
        status: Type.String(),
        cost: Type.Integer(),
        couponCode: Nullable(Type.String({ description: 'Once the coupon exists in VTEX' })),
        couponExpiresAt: Nullable(DateTime),
        reason: Nullable(Type.String()),
        orderId: Nullable(Type.String()),
        createdAt: DateTime,
        updatedAt: DateTime,
      }),
      { description: 'Oldest first' },
    ),
    emails: Type.Array(
      Type.Object({
        id: Type.String(),
        type: Type.String(),
        toAddress: Type.String(),
        status: Type.String(),
        subject: Type.String(),
        createdAt: DateTime,
        sentAt: Nullable(DateTime),
        updatedAt: DateTime,
      }),
      { description: 'The e-mails made for the member, oldest first (their content is in the admin e-mail API)' },
    ),
    loginCodes: Type.Array(Type.Object({ createdAt: DateTime, expiresAt: DateTime }), {
      description: 'Storefront sign-in codes that exist now: only that they exist, never the code',
    }),
  },
  { description: 'Everything Pontua holds about the member' },
);

/** Statuses whose coupon exists in VTEX: before that the drawn code is not a coupon. */
const HAS_COUPON = new Set(['issued', 'used', 'expired', 'cancelled']);
const iso = (date: Date | null) => date?.toISOString() ?? null;

export function presentMemberExport(data: MemberExport): Static<typeof MemberExportDocument> {
  return {
    exportedAt: data.exportedAt.toISOString(),
    member: presentMember(data.member),
    balance: data.balance,
    ledger: data.transactions.map(presentTransaction),
    earnings: data.earnings.map((earning) => ({
      id: earning.id,
      reference: earning.reference,
      orderId: earning.reference.startsWith('order:') ? earning.reference.slice('order:'.length) : null,
      points: earning.points,
      status: earning.status,
      dueAt: earning.dueAt.toISOString(),
      maturedPoints: earning.maturedPoints,
      reversedPoints: earning.reversedPoints,
      shortfallPoints: earning.shortfallPoints,
      details: earning.details,
      createdAt: earning.createdAt.toISOString(),
    })),
    redemptions: data.redemptions.map((redemption) => ({
      id: redemption.id,
      rewardId: redemption.rewardId,
      rewardName: redemption.reward.name,
      status: redemption.status,
      cost: redemption.cost,
      couponCode: HAS_COUPON.has(redemption.status) ? redemption.couponCode : null,
      couponExpiresAt: iso(redemption.couponExpiresAt),
      reason: redemption.reason,
      orderId: redemption.orderId,
      createdAt: redemption.createdAt.toISOString(),
      updatedAt: redemption.updatedAt.toISOString(),
    })),
    emails: data.emails.map((email) => ({
      id: email.id,
      type: email.type,
      toAddress: email.toAddress,
      status: email.status,
      subject: email.subject,
      createdAt: email.createdAt.toISOString(),
      sentAt: iso(email.sentAt),
      updatedAt: email.updatedAt.toISOString(),
    })),
    loginCodes: data.loginCodes.map((code) => ({ createdAt: code.createdAt.toISOString(), expiresAt: code.expiresAt.toISOString() })),
  };
}

export function registerMembersExport(app: Router, deps: AppDeps) {
  app.get(
    '/members/:memberId/export',
    {
      // Reading personal data out is audited like a change.
      config: { auth: 'admin', audit: { action: 'member.export', logAnswer: false } },
      schema: {
        tags: ['members'],
        summary: 'Everything held about a member, as a JSON file (LGPD access and portability)',
        description: 'Answers with Content-Disposition: attachment; filename=member-{id}.json.',
        security: [{ apiKey: [] }],
        params: MemberIdParams,
        response: { 200: MemberExportDocument, ...errorResponses },
      },
    },
    async (request, reply) => {
      const data = await exportMember(deps, callerOf(request).tenantId, request.params.memberId);
      // The id is the stored one (letters, digits, `_`): nothing from the request reaches the header.
      reply.header('content-disposition', `attachment; filename=member-${data.member.id}.json`);
      return presentMemberExport(data);
    },
  );
}
