// Queued e-mails go out over SMTP, several at once through the sender's pool. An answer the
// server may change its mind about (4xx, no connection) is tried again with back-off; a refusal
// (5xx) or too many tries ends as `failed` with the server's answer. Each e-mail keeps one
// Message-ID across attempts. Only tenants whose integration is active send (the store's claim),
// and a member who unsubscribed after an e-mail was made gets it `skipped`, not sent.
import type { EmailDeps } from './compose-emails';
import type { AttemptOutcome, Email } from './ports';
import { unsubscribeUrl } from './unsubscribe';

/** A claimed e-mail is ours this long; another worker takes it over after that. */
const LEASE_MS = 5 * 60_000;
export const MAX_EMAIL_ATTEMPTS = 10;
/** 1 min, 2 min, 4 min… up to 6 hours: about 15 hours from the first failure to giving up. */
export const emailRetryDelayMs = (attempts: number) => Math.min(6 * 60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
/** Messages in flight at once (the SMTP pool's connections are the real limit). */
const CONCURRENCY = 16;

function headersOf(deps: EmailDeps, email: Email): Record<string, string> {
  const url = unsubscribeUrl(deps, email.tenantId, email.memberId);
  return {
    'List-Unsubscribe': `<${url}>`,
    // RFC 8058: the mail client may unsubscribe with one POST to that URL.
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'X-Pontua-Email-Id': email.id,
  };
}

/**
 * Outcomes are written a few at a time (one statement for up to RECORD_BATCH, at least every
 * RECORD_MS): a crash can resend only the messages of the last few milliseconds, which were
 * leased and are sent again after the lease — the same Message-ID, so a receiver can tell.
 */
const RECORD_BATCH = 100;
const RECORD_MS = 50;

function batchedRecorder(deps: EmailDeps) {
  let pending: AttemptOutcome[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  // A failed write does not stop the next ones; the first failure is reported by the last flush.
  let failure: unknown = null;
  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length > 0) {
      writing = writing.then(() => deps.emails.recordAttempts(batch)).catch((error: unknown) => {
        failure ??= error;
      });
    }
    await writing;
  };
  return {
    async flush(): Promise<void> {
      await flush();
      if (failure !== null) throw failure;
    },
    async add(outcome: AttemptOutcome): Promise<void> {
      pending.push(outcome);
      if (pending.length >= RECORD_BATCH) await flush();
      else timer ??= setTimeout(() => void flush(), RECORD_MS);
    },
  };
}

const host = (address: string) => /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? 'pontua.invalid';

export async function deliverEmails(deps: EmailDeps, options: { limit?: number; tenantIds?: readonly string[]; signal?: AbortSignal } = {}): Promise<{ sent: number; retrying: number; failed: number }> {
  const result = { sent: 0, retrying: 0, failed: 0 };
  const sender = deps.emailSender;
  if (!sender) return result;
  const claimedAt = deps.clock.now();
  const due = await deps.emails.claimDue(claimedAt, LEASE_MS, options.limit ?? 200, options.tenantIds);
  const queue = [...due];
  const next = async (): Promise<void> => {
    // Checked before taking one: an e-mail taken is an e-mail this worker sends, the rest go back.
    while (!options.signal?.aborted) {
      const email = queue.shift();
      if (email === undefined) return;
      if (email.unsubscribed && email.type !== 'login_code') {
        // Unsubscribed since it was made: never sent.
        await recorder.add({
          tenantId: email.tenantId, id: email.id, attempts: email.attempts, now: deps.clock.now(), status: 'skipped', nextAttemptAt: null,
          lastError: 'the member unsubscribed', smtpResponse: null, sentAt: null,
        });
        continue;
      }
      const outcome = await sender.send({
        from: email.fromAddress,
        to: email.toAddress,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: headersOf(deps, email),
        messageId: `<${email.id}@${host(deps.emailFrom)}>`,
      });
      const now = deps.clock.now();
      const attempts = email.attempts + 1;
      const key = { tenantId: email.tenantId, id: email.id, attempts, now };
      if (outcome.ok) {
        result.sent++;
        await recorder.add({ ...key, status: 'sent', nextAttemptAt: null, lastError: null, smtpResponse: outcome.response, sentAt: now });
      } else if (outcome.permanent || attempts >= MAX_EMAIL_ATTEMPTS) {
        result.failed++;
        const lastError = outcome.permanent ? 'the SMTP server refused the message' : `no delivery after ${attempts} attempts`;
        await recorder.add({ ...key, status: 'failed', nextAttemptAt: null, lastError, smtpResponse: outcome.response, sentAt: null });
      } else {
        result.retrying++;
        await recorder.add({
          ...key, status: 'queued', nextAttemptAt: new Date(now.getTime() + emailRetryDelayMs(attempts)),
          lastError: 'the SMTP server did not take the message; trying again', smtpResponse: outcome.response, sentAt: null,
        });
      }
    }
  };
  const recorder = batchedRecorder(deps);
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, next));
  } finally {
    await recorder.flush();
    // Stopping: what this worker will not send goes back now rather than when the claim runs out
    // (which is also what happens if the database cannot take it back).
    await deps.emails.releaseClaims(queue, new Date(claimedAt.getTime() + LEASE_MS), deps.clock.now()).catch(() => undefined);
  }
  return result;
}
