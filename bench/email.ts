// E-mail benchmark (issue 6): 10,000 queued e-mails delivered by Pontua's e-mail job to a local
// SMTP server, messages per second, beside a plain nodemailer loop sending the same 10,000
// messages to the same server in the same run (before and after Pontua).
//
// The SMTP server runs in a child process (smtp-server, accepting and discarding: parsing would
// take most of the two cores and hide the difference). Pontua's side: members imported (one
// `member.joined` event each), composed into queued welcomes — not timed — then `deliverEmails`
// until none is left: claim, send through the pooled transport (5 connections, 16 in flight),
// record each outcome. The baseline: nodemailer's pooled transport with the same 5 connections,
// the same 16 in flight, the same rendered messages and headers, nothing recorded.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { sql } from 'drizzle-orm';
import { benchDatabaseUrl } from './postgres';
import type { DatabaseConfig } from '../src/adapters/db/database';
import { secretBoxFromKeys } from '../src/adapters/crypto/secret-box';
import { composeEmails } from '../src/app/email/compose-emails';
import { deliverEmails } from '../src/app/email/deliver-emails';
import type { Email } from '../src/app/email/ports';
import { unsubscribeUrl } from '../src/app/email/unsubscribe';
import { saveVtexIntegration } from '../src/app/integrations/save-vtex-integration';
import { createTenant } from '../src/app/tenants/create-tenant';
import { openContainer, systemClock } from '../src/main/container';

const ROLE_ENV = 'PONTUA_BENCH_EMAIL_ROLE';
const FROM = 'fidelidade@bench.example';
const CONNECTIONS = 5;
const IN_FLIGHT = 16;

function flag(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  const at = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at < 0) return fallback;
  const arg = argv[at]!;
  const value = Number(arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

async function sinkChild(): Promise<void> {
  const { SMTPServer } = await import('smtp-server');
  let accepted = 0;
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted++;
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('message', () => process.send?.({ accepted }));
  process.on('disconnect', () => server.close(() => process.exit(0)));
}

/** Sends every message with at most IN_FLIGHT at once; seconds taken. */
async function plainLoop(port: number, messages: { email: Email; headers: Record<string, string> }[]): Promise<{ seconds: number; failed: number }> {
  const transport = nodemailer.createTransport({ pool: true, maxConnections: CONNECTIONS, host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const queue = [...messages];
  let failed = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { email, headers } = next;
      try {
        await transport.sendMail({
          from: email.fromAddress, to: email.toAddress, subject: email.subject, html: email.html, text: email.text, headers,
          messageId: `<${email.id}@bench.example>`,
        });
      } catch {
        failed++;
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return { seconds, failed };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function benchEngine(label: string, database: DatabaseConfig, port: number, count: number, rows: string[]): Promise<void> {
  const secrets = secretBoxFromKeys(randomBytes(32));
  const container = await openContainer(database, systemClock, secrets, { smtpUrl: `smtp://127.0.0.1:${port}`, emailFrom: FROM });
  try {
    const { tenantId } = await createTenant(container, { name: 'Clube Bench' });
    // Saved inactive (no VTEX here), then marked active as activation would: e-mails are made only for active programs.
    await saveVtexIntegration(container, tenantId, { accountName: 'benchstore', appKey: 'vtexappkey-benchstore-X', appToken: 'T', storeUrl: 'https://www.loja.example', active: false });
    await container.database.query(sql`update vtex_integrations set active = true where tenant_id = ${tenantId}`);
    const now = new Date();
    for (let start = 0; start < count; start += 1_000) {
      const page = Array.from({ length: Math.min(1_000, count - start) }, (_, k) => ({
        vtexUserId: `bench-user-${start + k}`, email: `shopper${start + k}@bench.example`, name: `Shopper ${start + k}`,
        document: null, phone: null, birthDate: null, marketingOptIn: false,
      }));
      await container.memberImports.upsert(tenantId, page, now);
    }
    while ((await composeEmails(container, { tenantIds: [tenantId], limit: 500 })).events > 0);
    const queued = (await container.emails.list(tenantId, { status: 'queued', memberId: null, cursor: null, limit: 1 })).items.length;
    if (queued === 0) throw new Error('no queued e-mails were made');
    // The same messages for the plain loop, read back with their headers.
    const messages: { email: Email; headers: Record<string, string> }[] = [];
    for (let cursor: string | null = null; ;) {
      const page: { items: Email[]; nextCursor: string | null } = await container.emails.list(tenantId, { status: 'queued', memberId: null, cursor, limit: 100 });
      for (const email of page.items) {
        messages.push({ email, headers: { 'List-Unsubscribe': `<${unsubscribeUrl(container, tenantId, email.memberId)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Pontua-Email-Id': email.id } });
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }

    const before = await plainLoop(port, messages);
    const started = performance.now();
    let sent = 0;
    let failed = 0;
    for (;;) {
      const round = await deliverEmails(container, { tenantIds: [tenantId], limit: 500 });
      sent += round.sent;
      failed += round.failed + round.retrying;
      if (round.sent + round.failed + round.retrying === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const after = await plainLoop(port, messages);
    const [left] = await container.database.query<{ n: number }>(sql`select count(*)::int as n from emails where tenant_id = ${tenantId} and status <> 'sent'`);
    const plainRate = (messages.length / before.seconds + messages.length / after.seconds) / 2;
    const rate = sent / seconds;
    rows.push(`| ${label} | ${fmt(sent)} sent, ${failed} failed, ${left?.n ?? '?'} not sent, in ${fmt(seconds, 1)} s | **${fmt(rate)}/s** | ` +
      `${fmt(messages.length / before.seconds)}/s before, ${fmt(messages.length / after.seconds)}/s after (${before.failed + after.failed} failed) | **${fmt((rate / plainRate) * 100)} %** |`);
    console.log(rows.at(-1));
  } finally {
    await container.close();
  }
}

export async function run(): Promise<void> {
  const count = flag('emails', 10_000);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`${fmt(count)} e-mails; ${CONNECTIONS} SMTP connections and ${IN_FLIGHT} messages in flight on both sides\n`);
  const sink = fork(fileURLToPath(import.meta.url), [], { execArgv: process.execArgv, env: { ...process.env, [ROLE_ENV]: 'sink' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((resolve) => sink.once('message', (message) => resolve(message as { port: number })));
  const rows = ['| engine | Pontua (e-mail job) | rate | plain nodemailer loop | Pontua / plain |', '|---|---|---:|---|---:|'];
  const dir = mkdtempSync(join(tmpdir(), 'pontua-bench-email-'));
  try {
    await benchEngine('PGlite (on disk)', { engine: 'pglite', dataDir: join(dir, 'pglite') }, port, count, rows);
    const url = await benchDatabaseUrl({ fresh: true });
    if (url) await benchEngine('PostgreSQL', { engine: 'postgres', url, poolSize: 10 }, port, count, rows);
  } finally {
    sink.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${rows.join('\n')}`);
}

if (process.env[ROLE_ENV] === 'sink') await sinkChild();
