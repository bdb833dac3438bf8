// Erasing a member's personal data at their request (LGPD); what goes and what stays is in
// src/app/members/erase-member.ts.
import { Type } from 'typebox';
import { eraseMember } from '../../../app/members/erase-member';
import { callerOf } from '../../auth';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { beforeOf } from './audit-before';
import { Member, MemberIdParams, errorResponses } from '../../schemas';
import { presentMember } from './present';

export function registerMembersErase(app: Router, deps: AppDeps) {
  const before = beforeOf(deps);
  app.post(
    '/members/:memberId/erase',
    {
      config: {
        auth: 'admin',
        audit: {
          action: 'member.erase',
          // Not the personal data being erased: only what the log needs to show the erasure.
          before: async (request) => {
            const member = await before.member(request);
            return member && { id: member.id, status: member.status, balance: member.balance };
          },
        },
      },
      schema: {
        tags: ['members'],
        summary: "Erase a member's personal data (LGPD)",
        description:
          'Clears the e-mail, name, document, phone, birth date, external and VTEX ids, scrubs the e-mails made for the member ' +
          '(queued ones are never sent), empties their unhandled events and deletes their sign-in codes, in one transaction. ' +
          'The ledger and balances stay, on the anonymous member (status `erased`), which cannot redeem, sign in or be changed. ' +
          'The same shopper coming back (an order, the customer import) joins as a new member with no history. ' +
          'An erased member answers 409 INVALID_STATE.',
        security: [{ apiKey: [] }],
        params: MemberIdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why (e.g. "the member asked by e-mail on 2026-03-02"); kept in the audit log' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            member: Member,
            reason: Type.String(),
            erasedAt: Type.String({ format: 'date-time' }),
            erased: Type.Object({
              emails: Type.Integer({ description: 'E-mails whose address and content were scrubbed' }),
              outboxEvents: Type.Integer({ description: 'Unhandled events emptied (no e-mail will be made from them)' }),
              loginCodes: Type.Integer({ description: 'Sign-in codes deleted' }),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const erasure = await eraseMember(deps, callerOf(request).tenantId, request.params.memberId, { reason: request.body.reason });
      return { member: presentMember(erasure.member), reason: erasure.reason, erasedAt: erasure.erasedAt.toISOString(), erased: erasure.erased };
    },
  );
}
