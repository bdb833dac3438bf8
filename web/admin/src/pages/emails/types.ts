// E-mails as the admin API shows them (src/http/routes/admin/emails.ts).
export interface EmailSummary {
  id: string;
  memberId: string;
  type: string;
  /** queued, sent, failed, stored (no SMTP server: kept for preview) or skipped. */
  status: string;
  from: string;
  to: string;
  language: string;
  subject: string;
  /** The start of the plain-text part. */
  preview: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  smtpResponse: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface EmailFull extends EmailSummary {
  html: string;
  text: string;
}
