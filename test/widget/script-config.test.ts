// What the merchant's <script> tag tells the widget, and where keyboard focus goes in the
// redemption flow.
import { describe, expect, it } from 'vitest';
import { apiBaseFor, readConfig } from '../../widget/src/script-config';
import { focusAfterFlowChange } from '../../widget/src/views/focus';
import type { RedeemFlow } from '../../widget/src/controller';
import type { RewardOffer } from '../../widget/src/contract';

const attributes = (values: Record<string, string>) => (name: string) => values[name] ?? null;
const KEY = 'pk_0123456789abcdef0123456789abcdef';

describe('the script tag', () => {
  it('finds the API next to the script, also under a path prefix and with a query', () => {
    expect(apiBaseFor('https://pontua.example/widget.js')).toBe('https://pontua.example/api/storefront/v1');
    expect(apiBaseFor('https://loja.example/pontua/widget.js?v=3')).toBe('https://loja.example/pontua/api/storefront/v1');
    expect(apiBaseFor('http://localhost:3000/widget.js')).toBe('http://localhost:3000/api/storefront/v1');
    expect(apiBaseFor('data:text/javascript,1')).toBeNull();
    expect(apiBaseFor('')).toBeNull();
  });

  it('reads the key, the mode (launcher by default) and the page target', () => {
    expect(readConfig('https://pontua.example/widget.js', attributes({ 'data-key': KEY }))).toEqual({
      ok: true, config: { apiBase: 'https://pontua.example/api/storefront/v1', publicKey: KEY, mode: 'launcher', target: null },
    });
    expect(readConfig('https://pontua.example/widget.js', attributes({ 'data-key': KEY, 'data-mode': 'page', 'data-target': '#pontos' }))).toMatchObject({
      ok: true, config: { mode: 'page', target: '#pontos' },
    });
  });

  it('refuses a missing or malformed key, an unknown mode and a src it cannot call', () => {
    expect(readConfig('https://pontua.example/widget.js', attributes({}))).toMatchObject({ ok: false, problem: expect.stringContaining('data-key') });
    expect(readConfig('https://pontua.example/widget.js', attributes({ 'data-key': 'psk.secret' }))).toMatchObject({ ok: false });
    expect(readConfig('https://pontua.example/widget.js', attributes({ 'data-key': KEY, 'data-mode': 'popup' }))).toMatchObject({ ok: false, problem: expect.stringContaining('data-mode') });
    expect(readConfig('javascript:alert(1)', attributes({ 'data-key': KEY }))).toMatchObject({ ok: false });
  });
});

describe('focus in the redemption flow', () => {
  const reward = { id: 'rwd_1' } as RewardOffer;
  const confirm: RedeemFlow = { step: 'confirm', reward, idempotencyKey: 'k', error: null };
  const sending: RedeemFlow = { step: 'sending', reward, idempotencyKey: 'k' };

  it('moves to each step\'s control, stays put while sending, and returns to the reward when the flow closes', () => {
    expect(focusAfterFlowChange(null, confirm)).toEqual(['confirm']);
    expect(focusAfterFlowChange(confirm, sending)).toBeNull();
    expect(focusAfterFlowChange(sending, { ...confirm, error: { code: 'NETWORK', message: '', status: 0, retryable: true, retryAfterSeconds: null } })).toEqual(['confirm']);
    expect(focusAfterFlowChange(sending, { step: 'done', reward, redemption: {} as never })).toEqual(['result']);
    expect(focusAfterFlowChange(sending, { step: 'refused', reward, error: { code: 'OUT_OF_STOCK', message: '', status: 409, retryable: false, retryAfterSeconds: null } })).toEqual(['close-redeem']);
    expect(focusAfterFlowChange(confirm, null)).toEqual(['redeem:rwd_1', 'rewards']);
    expect(focusAfterFlowChange(null, null)).toBeNull();
  });
});
