// Sends through an SMTP relay with a pool of nodemailer connections, configured by one URL:
//
//   smtp://user:pass@host:port    plain SMTP, upgraded with STARTTLS when the server offers it
//                                 (port 587 when left out)
//   smtps://user:pass@host:port   implicit TLS (port 465 when left out)
//
// User and password are percent-decoded, and both may be left out (a relay that trusts the
// network). Query options, anything else in the query is refused at start-up:
//   requireTLS=true                 refuse to send unless STARTTLS succeeds (smtp:// only)
//   tls.rejectUnauthorized=false    accept a self-signed certificate (a test relay)
//   name=HOST                       the name this client gives in EHLO (the machine's host name
//                                   when left out)
//
// Every answer is a value: the ports' SendResult. A 5xx to MAIL FROM, RCPT TO or DATA refuses
// this message for good; anything else (4xx, a refused or dropped connection, a timeout, a 5xx
// greeting or AUTH failure, which say the relay or our configuration is wrong, not the message)
// is worth another try later. Credentials never reach a result or a log: nodemailer logs nothing
// here, and every text handed back is scrubbed of the user and password.
import nodemailer, { type NodemailerError, type SMTPPoolOptions } from 'nodemailer';
import type { EmailSender, OutgoingEmail, SendResult } from '../../app/email/ports';

export type { EmailSender, OutgoingEmail, SendResult };

export interface SmtpSenderOptions {
  /** Connections the pool opens at most (5 by default). */
  maxConnections?: number;
  /** Connecting, waiting for the greeting, and silence on an open socket (10 s by default). */
  timeoutMs?: number;
}

export class SmtpConfigError extends Error {
  override name = 'SmtpConfigError';
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_CONNECTIONS = 5;
/** The commands of one message's transaction: a 5xx to these refuses the message itself. */
const MESSAGE_COMMANDS = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);
/** Errors nodemailer raises before sending anything, for a message that can never be sent. */
const UNSENDABLE_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

export function smtpSender(url: string, options: SmtpSenderOptions = {}): EmailSender {
  const { transport: transportOptions, secrets } = parseSmtpUrl(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  if (!(timeoutMs > 0)) throw new SmtpConfigError(`timeoutMs must be positive, got ${timeoutMs}`);
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) throw new SmtpConfigError(`maxConnections must be a positive integer, got ${maxConnections}`);
  const transporter = nodemailer.createTransport({
    ...transportOptions,
    pool: true,
    maxConnections,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // An idle pooled connection says QUIT before its socket timeout would end it with an error.
    idleTimeout: Math.max(1, Math.floor(timeoutMs / 2)),
    logger: false,
    debug: false,
  });
  const scrub = scrubberFor(secrets);
  let closed = false;

  return {
    async send(email) {
      if (closed) throw new Error('smtpSender: send() after close()');
      try {
        const info = await transporter.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: email.headers,
          messageId: email.messageId,
        });
        // With one recipient a refusal normally fails the whole send; this catches a relay that
        // accepted the envelope for some other address only.
        const refusal = info.rejectedErrors?.[0];
        if (info.rejected.length > 0 || info.accepted.length === 0) {
          return refusal ? failureOf(refusal, scrub) : { ok: false, permanent: false, response: scrub(`no recipient accepted: ${info.response}`) };
        }
        return { ok: true, response: scrub(info.response) };
      } catch (error) {
        return failureOf(error, scrub);
      }
    },
    async close() {
      closed = true;
      transporter.close();
    },
  };
}

/** The URL with its user and password replaced by `***`, for logs and error messages. */
export function redactSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString();
  } catch {
    return '(an SMTP URL that does not parse)';
  }
}

function parseSmtpUrl(url: string): { transport: SMTPPoolOptions; secrets: string[] } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SmtpConfigError('SMTP_URL does not parse as a URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  const shown = redactSmtpUrl(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new SmtpConfigError(`SMTP_URL must start with smtp:// or smtps://, got ${shown}`);
  if (!parsed.hostname) throw new SmtpConfigError(`SMTP_URL has no host: ${shown}`);
  const secure = parsed.protocol === 'smtps:';
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  const transport: SMTPPoolOptions = {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(user || pass ? { auth: { user, pass } } : {}),
  };
  for (const [key, value] of parsed.searchParams) {
    if (key === 'requireTLS' && value === 'true' && !secure) transport.requireTLS = true;
    else if (key === 'tls.rejectUnauthorized' && (value === 'true' || value === 'false')) transport.tls = { rejectUnauthorized: value === 'true' };
    else if (key === 'name' && value !== '') transport.name = value;
    else throw new SmtpConfigError(`SMTP_URL option ${key}=${value} is not supported (requireTLS=true, tls.rejectUnauthorized=false, name=HOST): ${shown}`);
  }
  return { transport, secrets: [user, pass, parsed.username, parsed.password] };
}

/** Removes the credentials, in every form a text could carry them, from what we hand back. */
function scrubberFor(secrets: string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    // Short values ("a", "25") would blank out innocent text and are no secret worth hiding.
    if (secret.length < 3) continue;
    forms.add(secret);
    forms.add(Buffer.from(secret).toString('base64'));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((scrubbed, form) => scrubbed.split(form).join('***'), text);
}

function failureOf(error: unknown, scrub: (text: string) => string): SendResult {
  const failure = (error ?? {}) as NodemailerError;
  const message = typeof failure.message === 'string' ? failure.message : String(error);
  if (typeof failure.responseCode === 'number') {
    const refusesMessage = failure.permanent === true && MESSAGE_COMMANDS.has(failure.command ?? '');
    return { ok: false, permanent: refusesMessage, response: scrub(failure.response ?? message) };
  }
  const code = typeof failure.code === 'string' ? failure.code : 'ERROR';
  const detail = failure.originalCode && !message.includes(failure.originalCode) ? ` (${failure.originalCode})` : '';
  return { ok: false, permanent: UNSENDABLE_CODES.has(code), response: scrub(`${code}: ${message}${detail}`) };
}
