// Queued e-mails go out over SMTP, several at once through the sender's pool. An answer the
// server may change its mind about (4xx, no connection) is tried again with back-off; a refusal
// (5xx) or too many tries ends as `failed` with the server's answer. Each e-mail keeps one
// Message-ID across attempts. Only tenants whose integration is active send (the store's claim),
// and an unsubscribed member's queued e-mails are skipped there.
import type { EmailDeps } from './compose-emails';
import type { Email } from './ports';
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

const host = (address: string) => /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? 'pontua.invalid';

export async function deliverEmails(deps: EmailDeps, options: { limit?: number; tenantIds?: readonly string[]; signal?: AbortSignal } = {}): Promise<{ sent: number; retrying: number; failed: number }> {
  const result = { sent: 0, retrying: 0, failed: 0 };
  const sender = deps.emailSender;
  if (!sender) return result;
  const due = await deps.emails.claimDue(deps.clock.now(), LEASE_MS, options.limit ?? 200, options.tenantIds);
  const queue = [...due];
  const next = async (): Promise<void> => {
    for (let email = queue.shift(); email !== undefined && !options.signal?.aborted; email = queue.shift()) {
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
      if (outcome.ok) {
        result.sent++;
        await deps.emails.recordAttempt(email, { status: 'sent', attempts, nextAttemptAt: null, lastError: null, smtpResponse: outcome.response, sentAt: now, now });
      } else if (outcome.permanent || attempts >= MAX_EMAIL_ATTEMPTS) {
        result.failed++;
        const lastError = outcome.permanent ? 'the SMTP server refused the message' : `no delivery after ${attempts} attempts`;
        await deps.emails.recordAttempt(email, { status: 'failed', attempts, nextAttemptAt: null, lastError, smtpResponse: outcome.response, sentAt: null, now });
      } else {
        result.retrying++;
        await deps.emails.recordAttempt(email, {
          status: 'queued', attempts, nextAttemptAt: new Date(now.getTime() + emailRetryDelayMs(attempts)),
          lastError: 'the SMTP server did not take the message; trying again', smtpResponse: outcome.response, sentAt: null, now,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, next));
  return result;
}
