// The program's e-mails: what was sent, failed, skipped or — without an SMTP server — only stored,
// each with its rendered parts; `/preview` shows the HTML as the member would see it.
import { Type } from 'typebox';
import { invalid, notFound } from '../../../domain/errors';
import type { Email, EmailStatus } from '../../../app/email/ports';
import { pageLimit } from '../../../app/paging';
import { callerOf } from '../../auth';
import { merchantView } from '../../../app/email/merchant-view';
import type { AppDeps } from '../../app';
import type { Router } from '../../router';
import { PageQuery, errorResponses } from '../../schemas';

const common = { tags: ['emails'], security: [{ apiKey: [] }] };
const STATUSES: readonly EmailStatus[] = ['queued', 'sent', 'failed', 'stored', 'skipped'];
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const EmailSummary = Type.Object({
  id: Type.String(),
  memberId: Type.String(),
  type: Type.String(),
  status: Type.String({ description: 'queued, sent, failed, stored (no SMTP server: kept for preview) or skipped (lastError says why)' }),
  from: Type.String(),
  to: Type.String(),
  language: Type.String(),
  subject: Type.String(),
  /** The start of the plain-text part. */
  preview: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  smtpResponse: Nullable(Type.String()),
  sentAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
const EmailFull = Type.Intersect([EmailSummary, Type.Object({ html: Type.String(), text: Type.String() })]);
const EmailIdParams = Type.Object({ emailId: Type.String({ maxLength: 64 }) });

const iso = (date: Date | null) => date?.toISOString() ?? null;
const summary = (email: Email) => ({
  id: email.id, memberId: email.memberId, type: email.type, status: email.status, from: email.fromAddress, to: email.toAddress,
  language: email.language, subject: email.subject, preview: email.text.replace(/\s+/g, ' ').trim().slice(0, 240),
  attempts: email.attempts, nextAttemptAt: iso(email.nextAttemptAt), lastError: email.lastError, smtpResponse: email.smtpResponse,
  sentAt: iso(email.sentAt), createdAt: email.createdAt.toISOString(),
});

export function registerEmails(app: Router, deps: AppDeps) {
  const find = async (tenantId: string, emailId: string) => {
    const email = await deps.emails.get(tenantId, emailId);
    if (!email) throw notFound('e-mail');
    return merchantView(email);
  };

  app.get(
    '/emails',
    {
      config: { auth: 'admin' },
      schema: {
        ...common,
        summary: "The program's e-mails, newest first, by status or member",
        querystring: Type.Object(
          { status: Type.Optional(Type.String({ maxLength: 20 })), memberId: Type.Optional(Type.String({ maxLength: 64 })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(EmailSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (request) => {
      const { status, memberId, cursor, limit } = request.query;
      if (status !== undefined && !STATUSES.includes(status as EmailStatus)) throw invalid('status', `must be one of ${STATUSES.join(', ')}`);
      if (cursor !== undefined && !/^eml_[A-Za-z0-9_-]{1,100}$/.test(cursor)) throw invalid('cursor', 'is not a cursor this API gave');
      const page = await deps.emails.list(callerOf(request).tenantId, {
        status: (status as EmailStatus | undefined) ?? null, memberId: memberId ?? null, cursor: cursor ?? null, limit: pageLimit(limit),
      });
      return { items: page.items.map((email) => summary(merchantView(email))), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/emails/:emailId',
    {
      config: { auth: 'admin' },
      schema: { ...common, summary: 'One e-mail with its HTML and plain-text parts', params: EmailIdParams, response: { 200: EmailFull, ...errorResponses } },
    },
    async (request) => {
      const email = await find(callerOf(request).tenantId, request.params.emailId);
      return { ...summary(email), html: email.html, text: email.text };
    },
  );

  app.get(
    '/emails/:emailId/preview',
    {
      config: { auth: 'admin' },
      schema: { ...common, summary: 'The HTML part as a page, as the member sees it', params: EmailIdParams },
    },
    async (request, reply) => {
      const email = await find(callerOf(request).tenantId, request.params.emailId);
      // The message's own HTML, shown apart from the API: no scripts may run, nothing is fetched but images.
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; sandbox")
        .send(email.html);
    },
  );
}
