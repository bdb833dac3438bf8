// The SMTP server of test/harness/smtp.ts, in a process of its own: an smtp-server on 127.0.0.1
// without authentication or TLS that accepts any sender and recipient (unless told to refuse),
// parses each message with mailparser and hands it to the parent over IPC before answering 250.
// The parent drives it with the messages of SmtpControl and keeps what it captured, so a stop
// (this process ending) loses nothing. It ends with its parent.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface CapturedMail {
  /** The envelope sender (MAIL FROM); the header's form is headers.from. */
  from: string;
  /** The envelope recipients the server accepted (RCPT TO); the header's form is headers.to. */
  to: string[];
  subject: string;
  text: string;
  /** '' for a message without an HTML part. */
  html: string;
  /** Raw values, unfolded, by lower-cased name; a repeated header's values joined by '\n'. */
  headers: Record<string, string>;
  /** With its angle brackets, as in the header: `<id@host>`. */
  messageId: string;
}

export interface Refusal {
  code: 450 | 451 | 550 | 553;
  message?: string;
  /** Only these addresses (any case); every recipient when left out. */
  recipients?: string[];
}

export type SmtpControl =
  | { type: 'start'; port: number; refusal: Refusal | null }
  | { type: 'refuse'; id: number; refusal: Refusal | null }
  | { type: 'ping'; id: number };

export type SmtpReport =
  | { type: 'ready'; port: number }
  | { type: 'failed'; error: string }
  | { type: 'mail'; mail: CapturedMail }
  | { type: 'done'; id: number };

const DEFAULT_TEXT: Record<Refusal['code'], string> = {
  450: '4.2.1 Mailbox busy, try again later',
  451: '4.3.0 Local error in processing, try again later',
  550: '5.1.1 Mailbox unavailable',
  553: '5.1.3 Mailbox name not allowed',
};
const LISTEN_ATTEMPTS = 40;
const LISTEN_RETRY_MS = 50;

let refusal: Refusal | null = null;

function report(message: SmtpReport): void {
  process.send?.(message);
}

function refuses(current: Refusal, address: SMTPServerAddress): boolean {
  if (!current.recipients) return true;
  const recipient = address.address.toLowerCase();
  return current.recipients.some((candidate) => candidate.toLowerCase() === recipient);
}

function headersOf(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
  }
  return headers;
}

const server = new SMTPServer({
  disabledCommands: ['AUTH', 'STARTTLS'],
  authOptional: true,
  logger: false,
  banner: 'Pontua test SMTP',
  onRcptTo(address, _session, callback) {
    const current = refusal;
    if (!current || !refuses(current, address)) return callback();
    callback(Object.assign(new Error(current.message ?? DEFAULT_TEXT[current.code]), { responseCode: current.code }));
  },
  onData(stream, session, callback) {
    simpleParser(stream).then(
      (parsed) => {
        const mail: CapturedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: parsed.html || '',
          headers: headersOf(parsed),
          messageId: parsed.messageId ?? '',
        };
        report({ type: 'mail', mail });
        callback(null, `Message queued as ${mail.messageId}`);
      },
      (error: unknown) => callback(Object.assign(new Error(`could not parse the message: ${String(error)}`), { responseCode: 554 })),
    );
  },
});

/** Set while listen() waits, to hear a failed bind; later errors are a client's own trouble. */
let onListenError: ((error: Error) => void) | null = null;
server.on('error', (error: Error) => {
  if (onListenError) onListenError(error);
  else process.stderr.write(`test SMTP server: ${error.message}\n`);
});

async function listen(port: number): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        onListenError = reject;
        server.listen(port, '127.0.0.1', () => resolve());
      });
      onListenError = null;
      const address = server.server.address();
      if (typeof address !== 'object' || address === null) throw new Error('the SMTP server has no address');
      return address.port;
    } catch (error) {
      onListenError = null;
      // A restart on the port of the process just killed can find it not yet free.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= LISTEN_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, LISTEN_RETRY_MS));
    }
  }
}

process.on('disconnect', () => process.exit(0));
process.on('message', (message: SmtpControl) => {
  switch (message.type) {
    case 'start':
      refusal = message.refusal;
      listen(message.port).then(
        (port) => report({ type: 'ready', port }),
        (error: unknown) => {
          report({ type: 'failed', error: String(error) });
          process.exit(1);
        },
      );
      return;
    case 'refuse':
      refusal = message.refusal;
      report({ type: 'done', id: message.id });
      return;
    case 'ping':
      report({ type: 'done', id: message.id });
      return;
  }
});
