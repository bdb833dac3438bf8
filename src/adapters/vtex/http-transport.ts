// The one place that talks HTTP to VTEX: base URL, app-key headers, timeout, the per-tenant
// concurrency cap, retries, the mapping of statuses to VtexError, a log hook that never sees
// headers, and the process's VTEX call metrics (every attempt, by API area and outcome). The
// typed endpoint modules above it only build requests and read bodies.

import { Agent, request as httpRequest, type Dispatcher } from 'undici';
import { ENDPOINT_RESOURCES, type VtexEndpoint } from './license-resources';
import { fail, ok, type VtexError, type VtexErrorKind, type VtexResult } from './result';
import { DEFAULT_RETRY_POLICY, parseRetryAfterMs, retryDelayMs, type RetryPolicy } from './retry-policy';
import { Semaphore } from './semaphore';
import { recordAttempt, type AttemptEnd } from './call-metrics';

export interface VtexRequestLog {
  method: string;
  /** Path and query, with every query value that could carry personal data or a token masked. */
  path: string;
  status: number | null;
  attempt: number;
  durationMs: number;
  outcome: 'ok' | VtexErrorKind;
}

export interface VtexClientOptions {
  account: string;
  /** Defaults to vtexcommercestable. */
  environment?: string;
  /** VTEX_BASE_URL-style template with {account} and {environment}, e.g. http://127.0.0.1:4010/{account}. */
  baseUrlTemplate?: string;
  appKey: string;
  appToken: string;
  /** Per attempt, body included. Default 15 s. */
  timeoutMs?: number;
  /** Requests in flight at once for this client (one client per tenant). Default 4. */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** The HTTP connection pool; by default one shared by every client of the process. */
  dispatcher?: Dispatcher;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  logger?: (entry: VtexRequestLog) => void;
}

export interface VtexRequest {
  endpoint: VtexEndpoint;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** From /api…, segments already encoded. */
  path: string;
  query?: Readonly<Record<string, string | undefined>>;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

/** Response headers by name, case-insensitive (`Headers` has this shape). */
export interface VtexHeaders {
  get(name: string): string | null;
}

export interface VtexResponse {
  status: number;
  headers: VtexHeaders;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
}

export interface VtexTransport {
  readonly account: string;
  send(request: VtexRequest): Promise<VtexResult<VtexResponse>>;
}

const DEFAULT_ENVIRONMENT = 'vtexcommercestable';
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_CONCURRENCY = 4;
const ACCOUNT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;
// Query parameters whose values are safe to log: paging, field lists, statuses, dates. Anything
// else (_where, q, _token, authToken…) may hold an e-mail, a document or a token.
const LOGGABLE_QUERY = new Set(['page', 'per_page', 'orderBy', 'f_creationDate', 'f_invoicedDate', 'f_status', '_fields', '_size', '_sort', 'pagesize', 'items', 'an', 'fq', '_from', '_to']);
const MAX_MESSAGE_CHARS = 300;

export function vtexBaseUrl(options: Pick<VtexClientOptions, 'account' | 'environment' | 'baseUrlTemplate'>): string {
  if (!ACCOUNT_NAME.test(options.account)) throw new RangeError(`invalid VTEX account name '${options.account}'`);
  const environment = options.environment ?? DEFAULT_ENVIRONMENT;
  if (!ACCOUNT_NAME.test(environment)) throw new RangeError(`invalid VTEX environment '${environment}'`);
  const template = options.baseUrlTemplate ?? 'https://{account}.{environment}.com.br';
  const url = template.replaceAll('{account}', options.account).replaceAll('{environment}', environment).replace(/\/+$/, '');
  if (!URL.canParse(url)) throw new RangeError('the VTEX base URL template does not give a URL');
  return url;
}

function queryString(query: VtexRequest['query'], forLog: boolean): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    params.append(name, forLog && !LOGGABLE_QUERY.has(name) ? '***' : value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** VTEX's own explanation from an error body, in any of the shapes its APIs use. */
function vtexMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  // Rates and Benefits answers problem details: the title is generic, the field errors say what is wrong.
  if (typeof record.errors === 'object' && record.errors !== null) {
    return `${typeof record.title === 'string' ? `${record.title} ` : ''}${JSON.stringify(record.errors)}`;
  }
  for (const key of ['Message', 'message', 'error_description', 'title']) {
    if (typeof record[key] === 'string') return record[key];
  }
  const error = record.error;
  if (typeof error === 'object' && error !== null && typeof (error as Record<string, unknown>).message === 'string') {
    return (error as Record<string, string>).message;
  }
  return undefined;
}

function kindOfStatus(status: number): VtexErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'bad_request';
}

function parseBody(text: string, status: number): { ok: true; body: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, body: null };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    // Error pages of proxies and gateways are often HTML or plain text.
    return status >= 200 && status < 300 ? { ok: false } : { ok: true, body: text.slice(0, MAX_MESSAGE_CHARS) };
  }
}

function headersOf(raw: Record<string, string | string[] | undefined>): VtexHeaders {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * Keep-alive connections shared by every VTEX client of the process (undici's request API: about
 * half the CPU of `fetch` per request, measured in docs/PERFORMANCE.md). Redirects are not
 * followed: one could lead to another host with the app-key headers.
 */
const sharedAgent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 30_000 });

interface AttemptOutcome {
  result: VtexResult<VtexResponse>;
  retryAfterMs: number | undefined;
  /** For the metrics: the status, or whether the request timed out or never connected. */
  end: AttemptEnd;
}

export function createTransport(options: VtexClientOptions): VtexTransport {
  const baseUrl = vtexBaseUrl(options);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be a positive integer');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const semaphore = new Semaphore(options.concurrency ?? DEFAULT_CONCURRENCY);
  const dispatcher = options.dispatcher ?? sharedAgent;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const secrets = [options.appKey, options.appToken].filter((secret) => secret.length > 0);

  // VTEX can echo what it received; nothing that leaves this module may carry the key pair.
  const redact = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('***'), text);

  const describe = (request: VtexRequest): string => `VTEX ${request.method} ${request.path}`;

  const failure = (request: VtexRequest, kind: VtexErrorKind, status: number | null, detail: string): VtexError => {
    const error: VtexError = {
      kind,
      status,
      message: redact(`${describe(request)} ${detail}`).slice(0, MAX_MESSAGE_CHARS * 2),
      retryable: kind === 'rate_limited' || kind === 'server' || kind === 'unreachable',
    };
    const resource = ENDPOINT_RESOURCES[request.endpoint];
    if (kind === 'forbidden' && resource !== null) {
      error.resource = resource;
      error.message += ` (the app key's role needs the License Manager resource "${resource}")`;
    }
    return error;
  };

  async function attemptOnce(request: VtexRequest): Promise<AttemptOutcome> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json', ...request.headers };
    if (ENDPOINT_RESOURCES[request.endpoint] !== null) {
      headers['X-VTEX-API-AppKey'] = options.appKey;
      headers['X-VTEX-API-AppToken'] = options.appToken;
    }
    let status: number;
    let responseHeaders: VtexHeaders;
    let parsed: ReturnType<typeof parseBody>;
    try {
      const response = await httpRequest(`${baseUrl}${request.path}${queryString(request.query, false)}`, {
        dispatcher,
        method: request.method,
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.statusCode;
      responseHeaders = headersOf(response.headers);
      parsed = parseBody(await response.body.text(), status);
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const detail = timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : 'network error'}`;
      return { result: fail(failure(request, 'unreachable', null, detail)), retryAfterMs: undefined, end: { status: null, failure: timedOut ? 'timeout' : 'network' } };
    }
    const end = { status, usable: parsed.ok };
    if (status >= 200 && status < 300) {
      if (!parsed.ok) return { result: fail(failure(request, 'invalid_response', status, 'answered a body that is not JSON')), retryAfterMs: undefined, end };
      return { result: ok({ status, headers: responseHeaders, body: parsed.body }), retryAfterMs: undefined, end };
    }
    if (status < 400) {
      return { result: fail(failure(request, 'invalid_response', status, `answered an unexpected ${status}`)), retryAfterMs: undefined, end };
    }
    const reason = parsed.ok ? vtexMessage(parsed.body) : undefined;
    const detail = `answered ${status}${reason === undefined ? '' : `: ${reason.slice(0, MAX_MESSAGE_CHARS)}`}`;
    return {
      result: fail(failure(request, kindOfStatus(status), status, detail)),
      retryAfterMs: parseRetryAfterMs(responseHeaders.get('retry-after'), now()),
      end,
    };
  }

  async function send(request: VtexRequest): Promise<VtexResult<VtexResponse>> {
    const logPath = `${request.path}${queryString(request.query, true)}`;
    for (let attempt = 1; ; attempt += 1) {
      // The slot is held for the HTTP exchange only, not during back-off: the cap bounds the
      // load on VTEX, and a sleeping request puts none there.
      let durationMs = 0;
      const outcome = await semaphore.run(async () => {
        // Timed inside the slot: the log shows VTEX's latency, not the wait for a free slot.
        const startedAt = now();
        const attempted = await attemptOnce(request);
        durationMs = now() - startedAt;
        return attempted;
      });
      const { result } = outcome;
      recordAttempt(request.endpoint, outcome.end, durationMs);
      options.logger?.({
        method: request.method,
        path: logPath,
        status: result.ok ? result.value.status : result.error.status,
        attempt,
        durationMs,
        outcome: result.ok ? 'ok' : result.error.kind,
      });
      if (result.ok || !result.error.retryable) return result;
      if (attempt >= policy.maxAttempts) {
        return fail({ ...result.error, message: `${result.error.message} (gave up after ${attempt} attempts)` });
      }
      const delay = retryDelayMs({ attempt, rateLimited: result.error.kind === 'rate_limited', retryAfterMs: outcome.retryAfterMs }, policy, random);
      await sleep(delay);
    }
  }

  return { account: options.account, send };
}
