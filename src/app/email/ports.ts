// What the e-mail pipeline needs from the outside: a way to send a message (SMTP in production,
// nothing when SMTP_URL is unset: messages are then only stored and previewed).

/** A rendered message, ready for the wire. */
export interface OutgoingEmail {
  /** The program's sender, e.g. `"Loja Demo" <fidelidade@loja.example>`. */
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers: List-Unsubscribe, List-Unsubscribe-Post, X-Pontua-Email-Id… */
  headers: Record<string, string>;
  /** `<id@host>`: the same on every attempt, so a receiver can tell a retry from a new message. */
  messageId: string;
}

/**
 * What the SMTP server answered. `permanent`: a 5xx (the address or the message is refused: never
 * retried); otherwise (4xx, connection refused or lost, timeout) the sender tries again later.
 */
export type SendResult = { ok: true; response: string } | { ok: false; permanent: boolean; response: string };

export interface EmailSender {
  send(email: OutgoingEmail): Promise<SendResult>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

export type EmailStatus = 'queued' | 'sent' | 'failed' | 'stored' | 'skipped';

/** A message as kept: made once from an event, then sent (or stored, or skipped with the reason). */
export interface Email {
  tenantId: string;
  id: string;
  memberId: string;
  type: string;
  /** What it was made from; one e-mail per key and tenant. */
  dedupeKey: string;
  fromAddress: string;
  toAddress: string;
  language: string;
  subject: string;
  html: string;
  text: string;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  /** Why it was skipped, or the last delivery failure. */
  lastError: string | null;
  smtpResponse: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PendingEvent {
  tenantId: string;
  id: string;
  type: string;
  memberId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** Who a message goes to, and what it may say of their balance. */
export interface Recipient {
  memberId: string;
  email: string | null;
  name: string | null;
  unsubscribedAt: Date | null;
  available: number;
}

/** What one attempt to send changes on its e-mail, and when. */
export type AttemptOutcome = Pick<Email, 'tenantId' | 'id' | 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'smtpResponse' | 'sentAt'> & { now: Date };

export interface EmailStore {
  /** Every tenant's (or these tenants') unhandled outbox events, oldest first. */
  pendingEvents(limit: number, tenantIds?: readonly string[]): Promise<PendingEvent[]>;
  recipients(tenantId: string, memberIds: string[]): Promise<Map<string, Recipient>>;
  /** The costliest active, available reward in its window whose cost is in (`above`, `upTo`]. */
  rewardCrossed(tenantId: string, above: number, upTo: number, now: Date): Promise<{ id: string; name: string; cost: number } | null>;
  /** In one transaction: the e-mails (one per tenant and dedupe key: a repeat is ignored) and the events marked handled. */
  saveComposed(events: { tenantId: string; id: string }[], emails: Email[], now: Date): Promise<void>;
  /**
   * Queued e-mails due now of tenants whose integration is active, oldest first, each leased until
   * `now + leaseMs`; `unsubscribed` says the member has unsubscribed since it was made.
   */
  claimDue(now: Date, leaseMs: number, limit: number, tenantIds?: readonly string[]): Promise<(Email & { unsubscribed: boolean })[]>;
  /**
   * Claimed e-mails the worker did not get to (it is stopping) are due again at `now`, for another
   * worker; only those still queued and still under the claim that ends at `claimedUntil`.
   */
  releaseClaims(emails: { tenantId: string; id: string }[], claimedUntil: Date, now: Date): Promise<void>;
  /** The outcomes of attempts to send, in one statement. */
  recordAttempts(outcomes: AttemptOutcome[]): Promise<void>;
  get(tenantId: string, emailId: string): Promise<Email | null>;
  list(tenantId: string, query: { status: EmailStatus | null; memberId: string | null; cursor: string | null; limit: number }): Promise<{ items: Email[]; nextCursor: string | null }>;
  /** Members with points expiring in [from, to): one outbox event per member and day (points.expiring). */
  recordExpiringPoints(from: Date, to: Date, now: Date): Promise<number>;
  /** Whether the member's tenant exists and the member was (or already is) unsubscribed. */
  unsubscribe(tenantId: string, memberId: string, now: Date): Promise<boolean>;
}
