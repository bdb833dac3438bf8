// Structured request logs: one JSON line per answered request, with the request id the answer
// carries (the caller's X-Request-Id when it is a sensible one, else a new id), the method, the
// URL, the status and the time taken; a refusal or a failure logs its reason under the same id.
// The app runs with the production logger (src/main/process-lifecycle.ts) writing into memory.
import { DrizzleQueryError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/adapters/db/database';
import { buildApp, type TypedApp } from '../../src/http/app';
import { processLogger } from '../../src/main/process-lifecycle';
import { failureText } from '../../src/app/failure-text';
import { engines } from '../harness/databases';
import { tenantWithKey } from '../harness/http';
import { worldOn, type World } from '../harness/world';

const sink = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock('pino', async (importOriginal) => {
  const actual = await importOriginal<typeof import('pino')>();
  const real = actual.default;
  const intoSink = (options?: Parameters<typeof real>[0]) => real(options ?? {}, { write: (line: string) => void sink.lines.push(line) });
  return { ...actual, default: Object.assign(intoSink, real) };
});

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  code?: string;
}

const linesOf = (requestId: string) =>
  sink.lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.reqId === requestId);

describe.each(engines)('request logs on $name', (engine) => {
  let database: Database;
  let world: World;
  let app: TypedApp;
  let apiKey: string;

  beforeAll(async () => {
    database = await engine.open();
    world = worldOn(database);
    app = await buildApp(world, { logger: processLogger('info') });
    ({ apiKey } = await tenantWithKey(world));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('writes one line per answered request, under the caller’s request id', async () => {
    const requestId = `test-${engine.name}-ok-${Date.now()}`;
    const answer = await app.inject({ method: 'GET', url: '/api/admin/v1/program', headers: { authorization: `Bearer ${apiKey}`, 'x-request-id': requestId } });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['x-request-id']).toBe(requestId);
    const lines = linesOf(requestId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request completed', level: 30, req: { method: 'GET', url: '/api/admin/v1/program' }, res: { statusCode: 200 } });
    expect(lines[0]!.responseTime).toBeGreaterThan(0);
    // The key is not in the line (redacted, and the request's headers are not logged at all).
    expect(JSON.stringify(lines[0])).not.toContain(apiKey);
  });

  it('logs a refusal with its code and the answer, both under the request id', async () => {
    const requestId = `test-${engine.name}-refused-${Date.now()}`;
    const answer = await app.inject({
      method: 'PATCH', url: '/api/admin/v1/program', headers: { authorization: `Bearer ${apiKey}`, 'x-request-id': requestId }, payload: { pointsPerCurrencyUnit: -1 },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.requestId).toBe(requestId);
    const lines = linesOf(requestId);
    expect(lines.map((line) => line.msg)).toEqual(['request refused', 'request completed']);
    expect(lines[0]!.code).toBe('VALIDATION_FAILED');
    expect(lines[1]!.res).toEqual({ statusCode: 400 });
  });

  it('makes its own id when the caller sends none or an unusable one', async () => {
    for (const headers of [{}, { 'x-request-id': 'has spaces and "quotes"' }, { 'x-request-id': 'x'.repeat(65) }]) {
      const answer = await app.inject({ method: 'GET', url: '/healthz', headers });
      const requestId = answer.headers['x-request-id'];
      expect(requestId).toMatch(/^req_[0-9A-Z]{26}$/);
      expect(linesOf(String(requestId))).toMatchObject([{ msg: 'request completed', res: { statusCode: 200 } }]);
    }
  });
});

describe('errors in the log', () => {
  it('a failed database statement is logged by the driver’s error, without the statement’s parameters', () => {
    const before = sink.lines.length;
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "members_email_key"'), { code: '23505' });
    processLogger('info').error({ err: new DrizzleQueryError('insert into members (email) values ($1)', ['shopper-7@loja.example'], cause) }, 'order events failed');
    const [line] = sink.lines.slice(before);
    expect(line).toContain('members_email_key');
    expect(line).toContain('23505');
    expect(line).not.toContain('shopper-7@loja.example');
  });

  it('also when the failed statement is the cause of another error, and in the text kept for the store’s staff', () => {
    const before = sink.lines.length;
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "members_email_key"'), { code: '23505' });
    const query = new DrizzleQueryError('insert into members (email) values ($1)', ['shopper-8@loja.example'], cause);
    const wrapped = new Error('order events of tenant ten_1: something failed', { cause: query });
    processLogger('info').error({ err: wrapped }, 'order events failed');
    const [line] = sink.lines.slice(before);
    expect(line).toContain('order events of tenant ten_1');
    expect(line).toContain('members_email_key');
    expect(line).not.toContain('shopper-8@loja.example');
    // The error itself is untouched (it may be rethrown).
    expect(wrapped.cause).toBe(query);
    expect(failureText(wrapped)).toBe('duplicate key value violates unique constraint "members_email_key"');
    expect(failureText(query)).not.toContain('shopper-8@loja.example');
    expect(failureText(new Error('plain'))).toBe('plain');
    expect(failureText('a string')).toBe('a string');
  });
});
