// Configuration from the environment: PONTUA_TRUST_PROXY, which decides whose address the
// per-address rate limits count, is refused at start when it could not be what the operator meant.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/main/config';

describe('PONTUA_TRUST_PROXY', () => {
  it('is off unless set', () => {
    expect(loadConfig({}).trustProxy).toBeNull();
    expect(loadConfig({ PONTUA_TRUST_PROXY: '  ' }).trustProxy).toBeNull();
  });

  it('takes addresses, CIDR ranges and range names, or a number of proxies', () => {
    expect(loadConfig({ PONTUA_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
    expect(loadConfig({ PONTUA_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('refuses trusting everyone, and anything that is not an address, a range or a sensible count', () => {
    for (const value of ['true', '*', '0', '11', '10.0.0.0/33', '::1/129', 'proxy.internal', '10.0.0.1/8/1', '10.0.0.256', '1,2']) {
      expect(() => loadConfig({ PONTUA_TRUST_PROXY: value }), value).toThrow(/PONTUA_TRUST_PROXY/);
    }
  });
});
