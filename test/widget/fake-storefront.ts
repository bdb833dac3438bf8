// A stand-in for the storefront API's HTTP answers, for the widget's unit tests (the browser tests
// run the widget against the real server). Each test says how to answer and reads what was asked.
import type { HttpFetch } from '../../widget/src/api';
import type { ProgramInfo } from '../../widget/src/contract';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export type Answer = { status: number; body?: unknown; text?: string; headers?: Record<string, string> } | 'no-answer';

export const API_BASE = 'https://pontua.example/api/storefront/v1';
export const PUBLIC_KEY = 'pk_0123456789abcdef0123456789abcdef';

export function fakeStorefront(answer: (request: SeenRequest) => Answer | Promise<Answer>) {
  const requests: SeenRequest[] = [];
  const fetch: HttpFetch = async (url, init) => {
    const parsed = new URL(url);
    const request: SeenRequest = {
      method: init.method,
      path: parsed.pathname.replace('/api/storefront/v1', ''),
      query: parsed.searchParams,
      headers: init.headers,
      body: init.body === undefined ? undefined : JSON.parse(init.body),
    };
    requests.push(request);
    const reply = await answer(request);
    if (reply === 'no-answer') throw new TypeError('Failed to fetch');
    const headers = new Map(Object.entries(reply.headers ?? {}));
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    return { status: reply.status, headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null }, text: async () => text };
  };
  return { fetch, requests };
}

export const errorAnswer = (status: number, code: string, headers?: Record<string, string>): Answer => ({
  status, body: { error: { code, message: `${code} (test)`, requestId: 'req_test' } }, ...(headers ? { headers } : {}),
});

export function programInfo(overrides: Partial<ProgramInfo> = {}): ProgramInfo {
  return {
    name: 'Clube Loja X', pointsNameSingular: 'ponto', pointsNamePlural: 'pontos', language: 'pt-BR',
    theme: { color: '#0a7d33', logoUrl: null }, earning: { pointsPerCurrencyUnit: 1, creditDelayDays: 30 }, rules: null,
    storeUrl: 'https://lojax.example', signupUrl: null, singleSignOn: true,
    ...overrides,
  };
}
