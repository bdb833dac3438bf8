// Outbox events become e-mails: one per event and member (the dedupe key), rendered in the
// program's language and kept, queued for SMTP (or only stored when no SMTP server is set).
// Nothing is made while the program's integration is inactive — the merchant's one warning is that
// activation starts the e-mails — and the events of that time are marked handled, never sent later.
// A type the merchant turned off is not made; an unsubscribed member's or an invalid address's is
// kept as `skipped` with the reason, and never sent.
import { renderEmail, type EmailBrand, type EmailData } from '../../domain/email';
import type { Language, Program } from '../../domain/program';
import { couponInstructions } from '../../domain/coupon-instructions';
import { newId } from '../ids';
import type { Clock, SecretBox, StoredVtexIntegration, TenantStore, VtexIntegrationStore } from '../ports';
import type { RedemptionStore } from '../rewards/ports';
import type { Email, EmailSender, EmailStore, PendingEvent, Recipient } from './ports';
import { unsubscribeUrl } from './unsubscribe';

export interface EmailDeps {
  emails: EmailStore;
  tenants: TenantStore;
  vtexIntegrations: VtexIntegrationStore;
  redemptions: Pick<RedemptionStore, 'get'>;
  secrets: SecretBox;
  clock: Clock;
  /** Null without SMTP_URL: e-mails are stored and previewed, not sent. */
  emailSender: EmailSender | null;
  /** The sender's address (SMTP_FROM); the program's name is its display name. */
  emailFrom: string;
  /** Where the unsubscribe links point (PONTUA_PUBLIC_URL). */
  publicUrl: string;
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const DAY_MS = 86_400_000;

/** What an event says, as the data of the e-mail it makes (null: it makes none). */
async function dataFor(deps: EmailDeps, event: PendingEvent, recipient: Recipient, now: Date, language: Language): Promise<{ data: EmailData; dedupeKey: string } | null> {
  const payload = event.payload;
  const number = (value: unknown) => (typeof value === 'number' ? value : Number(value ?? 0));
  const date = (value: unknown) => (typeof value === 'string' || value instanceof Date ? new Date(value) : now);
  const once = (data: EmailData) => ({ data, dedupeKey: `${event.type}:${event.id}` });
  const redemption = async () => (typeof payload.redemptionId === 'string' ? deps.redemptions.get(event.tenantId, payload.redemptionId) : null);
  switch (event.type) {
    case 'member.joined':
      return once({ type: 'welcome', balance: recipient.available });
    case 'points.pending': {
      const reference = typeof payload.reference === 'string' ? payload.reference : '';
      if (!reference.startsWith('order:')) return null;
      return once({ type: 'points_pending', points: number(payload.points), availableOn: date(payload.dueAt), orderId: reference.slice('order:'.length) });
    }
    case 'points.available':
      return once({ type: 'points_available', points: number(payload.points), balance: recipient.available });
    case 'member.login_code':
      return once({ type: 'login_code', code: String(payload.code ?? ''), minutes: number(payload.minutes) });
    case 'points.expiring':
      return once({ type: 'points_expiring', points: number(payload.points), expiresOn: date(payload.expiresAt), balance: recipient.available });
    case 'redemption.pending_approval': {
      const found = await redemption();
      return found ? once({ type: 'redemption_pending_approval', rewardName: found.reward.name, cost: found.cost }) : null;
    }
    case 'redemption.approved': {
      const found = await redemption();
      return found ? once({ type: 'redemption_approved', rewardName: found.reward.name }) : null;
    }
    case 'redemption.rejected': {
      const found = await redemption();
      return found ? once({ type: 'redemption_rejected', rewardName: found.reward.name, reason: String(payload.reason ?? found.reason ?? ''), pointsReturned: found.cost }) : null;
    }
    case 'redemption.issued': {
      const found = await redemption();
      if (!found?.couponCode) return null;
      return once({
        type: 'redemption_issued', rewardName: found.reward.name, couponCode: found.couponCode,
        expiresAt: date(payload.couponExpiresAt ?? found.couponExpiresAt), instructions: couponInstructions(found.reward, found.couponCode, language),
      });
    }
    default:
      return null;
  }
}

/** A reward whose cost the new balance reached: at most one e-mail per reward and member, ever. */
async function withinReach(deps: EmailDeps, event: PendingEvent, recipient: Recipient, now: Date): Promise<{ data: EmailData; dedupeKey: string } | null> {
  if (event.type !== 'points.available') return null;
  const before = recipient.available - Number(event.payload.points ?? 0);
  const reward = await deps.emails.rewardCrossed(event.tenantId, before, recipient.available, now);
  if (!reward) return null;
  return {
    data: { type: 'reward_within_reach', rewardName: reward.name, cost: reward.cost, balance: recipient.available },
    dedupeKey: `reward_within_reach:${recipient.memberId}:${reward.id}`,
  };
}

function brandOf(program: Program, integration: StoredVtexIntegration): EmailBrand {
  return {
    programName: program.name,
    pointsNameSingular: program.pointsNameSingular,
    pointsNamePlural: program.pointsNamePlural,
    color: program.brandColor,
    logoUrl: program.logoUrl,
    storeUrl: integration.settings.storeUrl || null,
    language: program.language,
    timezone: program.timezone,
  };
}

/** `"Program" <address>`, the name quoted so that commas and quotes in it stay the name's. */
const fromAddress = (name: string, address: string) => `"${name.replace(/["\\\r\n]/g, ' ')}" <${address}>`;

function firstName(name: string | null): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}

export async function composeEmails(deps: EmailDeps, options: { limit?: number; tenantIds?: readonly string[] } = {}): Promise<{ events: number; emails: number }> {
  const events = await deps.emails.pendingEvents(options.limit ?? 200, options.tenantIds);
  if (events.length === 0) return { events: 0, emails: 0 };
  const now = deps.clock.now();
  const composed: Email[] = [];
  const byTenant = new Map<string, PendingEvent[]>();
  for (const event of events) byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event]);
  for (const [tenantId, tenantEvents] of byTenant) {
    const [program, integration] = await Promise.all([deps.tenants.get(tenantId), deps.vtexIntegrations.get(tenantId)]);
    // Not active: the events are handled without a message (they would be stale by activation).
    if (!program || !integration?.settings.active) continue;
    const off = new Set(program.emailTypesOff);
    const brand = brandOf(program, integration);
    const memberIds = [...new Set(tenantEvents.flatMap((event) => (event.memberId ? [event.memberId] : [])))];
    const recipients = await deps.emails.recipients(tenantId, memberIds);
    for (const event of tenantEvents) {
      const recipient = event.memberId ? recipients.get(event.memberId) : undefined;
      if (!recipient) continue;
      for (const made of [await dataFor(deps, event, recipient, now, program.language), await withinReach(deps, event, recipient, now)]) {
        // A sign-in code is not a message the merchant can turn off: the shopper asked for it.
        if (!made || (off.has(made.data.type) && made.data.type !== 'login_code')) continue;
        composed.push(compose(deps, { tenantId, language: program.language, brand, recipient, ...made, now, programName: program.name }));
      }
    }
  }
  await deps.emails.saveComposed(events, composed, now);
  return { events: events.length, emails: composed.length };
}

function compose(
  deps: EmailDeps,
  input: { tenantId: string; language: Language; brand: EmailBrand; recipient: Recipient; data: EmailData; dedupeKey: string; now: Date; programName: string },
): Email {
  const { recipient, data, now } = input;
  const address = recipient.email?.trim() ?? '';
  // The sign-in code is what the member just asked for: sent even after they unsubscribed from the program's e-mails.
  let skipped = recipient.unsubscribedAt && data.type !== 'login_code' ? 'the member unsubscribed' : !EMAIL.test(address) ? `not a valid e-mail address: "${address}"` : null;
  let rendered = { subject: '', html: '', text: '' };
  try {
    rendered = renderEmail(input.brand, { firstName: firstName(recipient.name), email: address }, data, {
      unsubscribeUrl: unsubscribeUrl(deps, input.tenantId, recipient.memberId),
    });
  } catch (error) {
    // The renderer refuses what would be a broken message (a bad date, a fractional number): kept, not sent.
    skipped = `could not be rendered: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    tenantId: input.tenantId,
    id: newId('eml', now.getTime()),
    memberId: recipient.memberId,
    type: data.type,
    dedupeKey: input.dedupeKey,
    fromAddress: fromAddress(input.programName, deps.emailFrom),
    toAddress: address,
    language: input.language,
    ...rendered,
    status: skipped ? 'skipped' : deps.emailSender ? 'queued' : 'stored',
    attempts: 0,
    nextAttemptAt: skipped || !deps.emailSender ? null : now,
    lastError: skipped,
    smtpResponse: null,
    sentAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Points expiring in 7 days: one event per member and day, for the e-mail a week ahead. */
export async function noticeExpiringPoints(deps: Pick<EmailDeps, 'emails' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  return deps.emails.recordExpiringPoints(new Date(now.getTime() + 6 * DAY_MS), new Date(now.getTime() + 7 * DAY_MS), now);
}

