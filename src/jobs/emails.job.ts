// Periodic e-mail work: outbox events become e-mails (while the program is active), queued
// e-mails are sent, and once an hour the members whose points expire in a week get their notice
// event. Every step is safe on several workers at once: e-mails are unique per event, sending is
// leased per e-mail.
import { composeEmails, noticeExpiringPoints, type EmailDeps } from '../app/email/compose-emails';
import { deliverEmails } from '../app/email/deliver-emails';

const HOUR_MS = 60 * 60_000;

export function emailJob(deps: EmailDeps) {
  let lastExpiryNotice = 0;
  return async (options: { tenantIds?: readonly string[]; signal?: AbortSignal } = {}) => {
    let expiring = 0;
    if (deps.clock.now().getTime() - lastExpiryNotice >= HOUR_MS) {
      expiring = await noticeExpiringPoints(deps);
      lastExpiryNotice = deps.clock.now().getTime();
    }
    let composed = { events: 0, emails: 0 };
    // Drain the outbox a batch at a time (a 10,000-member activation makes 10,000 welcomes).
    for (let batch = await composeEmails(deps, options); batch.events > 0 && !options.signal?.aborted; batch = await composeEmails(deps, options)) {
      composed = { events: composed.events + batch.events, emails: composed.emails + batch.emails };
      if (composed.events >= 5_000) break;
    }
    const delivered = await deliverEmails(deps, options);
    return { expiring, events: composed.events, composed: composed.emails, ...delivered };
  };
}
