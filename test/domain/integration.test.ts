// Pure rules of the integration form that the HTTP tests see only through their results.
import { describe, expect, it } from 'vitest';
import { addDays, applyActivation, localDate, maskAppKey, validateVtexIntegration } from '../../src/domain/integration';

const context = { today: '2026-01-15', programLanguage: 'pt-BR' as const, storedAppKey: null, hasStoredAppToken: false, storedOrdersImportSince: null };
const BASE = { appKey: 'vtexappkey-loja-ABCDEFGHX1', appToken: 'TOKEN', accountName: 'loja', storeUrl: 'https://loja.com.br' };

describe('VTEX integration form rules', () => {
  it('masks an appKey keeping a recognisable start and the last characters, and never most of a short one', () => {
    expect(maskAppKey('vtexappkey-lojaexemplo-QWERTYUIOPASDFX1')).toBe('vtexappkey-loj…X1');
    expect(maskAppKey('customkey-1234567890AB')).toBe('cust…AB');
    for (const short of ['abc', 'abcdefgh', 'vtexappkey-abcde']) {
      const masked = maskAppKey(short);
      expect(masked.replace('…', '').length, short).toBeLessThanOrEqual(2);
    }
  });

  it('given no activation yet, when saved active, then the default import date is 90 days back', () => {
    const { settings } = validateVtexIntegration({ ...BASE, active: true }, context);
    const at = new Date('2026-01-15T12:00:00Z');
    const first = applyActivation(settings, null, { at, today: '2026-01-15' });
    expect(first).toMatchObject({ firstActivatedAt: at, settings: { ordersImportSince: '2025-10-17' } });
    const later = applyActivation(first.settings, at, { at: new Date('2026-03-01T00:00:00Z'), today: '2026-03-01' });
    expect(later.firstActivatedAt).toBe(at);
    expect(later.settings.ordersImportSince).toBe('2025-10-17');
    const inactive = validateVtexIntegration(BASE, context).settings;
    expect(applyActivation(inactive, null, { at, today: '2026-01-15' })).toEqual({ settings: inactive, firstActivatedAt: null });
  });

  it('dates: calendar arithmetic across years and the local date of a time zone', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-01-15', -90)).toBe('2025-10-17');
    expect(localDate(new Date('2026-01-16T01:00:00Z'), 'America/Sao_Paulo')).toBe('2026-01-15');
    expect(localDate(new Date('2026-01-16T01:00:00Z'), 'Asia/Tokyo')).toBe('2026-01-16');
  });

  it('a left-out language keeps the program language; left-out secrets need stored ones', () => {
    expect(validateVtexIntegration(BASE, { ...context, programLanguage: 'es' }).settings.language).toBe('es');
    const { appKey: _k, appToken: _t, ...noSecrets } = BASE;
    expect(() => validateVtexIntegration(noSecrets, context)).toThrow(/appKey: is required; appToken: is required/);
    const kept = validateVtexIntegration(noSecrets, { ...context, storedAppKey: BASE.appKey, hasStoredAppToken: true });
    expect(kept.appKey).toBeUndefined();
    expect(kept.appToken).toBeUndefined();
  });
});
