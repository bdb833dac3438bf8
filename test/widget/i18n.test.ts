// The widget's three languages: complete, with the same placeholders, and numbers, money, dates and
// history amounts in each language's format.
import { describe, expect, it } from 'vitest';
import { shopperDelta } from '../../widget/src/history';
import { fill, LANGUAGES, languageOf, localeFor, orderOf, TEXTS, type TextKey } from '../../widget/src/i18n';

const names = { pointsNameSingular: 'ponto', pointsNamePlural: 'pontos' };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
/** Intl separates with no-break spaces; compare words. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('widget texts', () => {
  it('every language has every text, none empty, with the same placeholders as pt-BR', () => {
    const keys = Object.keys(TEXTS['pt-BR']) as TextKey[];
    expect(keys.length).toBeGreaterThan(50);
    for (const language of LANGUAGES) {
      expect(Object.keys(TEXTS[language]).sort(), language).toEqual([...keys].sort());
      for (const key of keys) {
        const text = TEXTS[language][key];
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(TEXTS['pt-BR'][key]));
      }
    }
  });

  it('the error, history and coupon texts cover the codes the API answers', () => {
    const locale = localeFor('en', names);
    for (const code of ['INSUFFICIENT_POINTS', 'OUT_OF_STOCK', 'LIMIT_REACHED', 'REWARD_UNAVAILABLE', 'RATE_LIMITED', 'NETWORK', 'UNAUTHORIZED']) {
      expect(locale.error(code), code).not.toBe(TEXTS.en.error_other);
    }
    expect(locale.error('SOMETHING_NEW')).toBe(TEXTS.en.error_other);
    for (const kind of ['earn', 'mature', 'reverse', 'redeem-hold', 'redeem-confirm', 'redeem-release', 'redeem-refund', 'adjust', 'expire']) {
      expect(locale.historyKind(kind), kind).not.toBe(TEXTS.en.kind_other);
    }
    expect(locale.historyKind('toString')).toBe(TEXTS.en.kind_other);
    for (const status of ['issued', 'used', 'expired', 'cancelled', 'pending_approval', 'issuing']) {
      expect(locale.couponStatus(status), status).not.toBe(status);
    }
  });

  it('names the sign-in by e-mailed code in each language, and says which e-mail the code went to', () => {
    expect(TEXTS['pt-BR'].codeTitle).toBe('Entrar com código por e-mail');
    expect(TEXTS.en.codeTitle).toBe('Sign in with an e-mailed code');
    expect(TEXTS.es.codeTitle).toBe('Entrar con un código por correo');
    for (const language of LANGUAGES) {
      const locale = localeFor(language, names);
      expect(locale.t('codeSent', { email: 'ana@example.com' }), language).toContain('ana@example.com');
      expect(locale.t('codeResent', { email: 'ana@example.com' }), language).toContain('ana@example.com');
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('Trocar {points} por {reward}?', { points: '100 pontos', reward: 'Frete' })).toBe('Trocar 100 pontos por Frete?');
    expect(fill('{a} e {b}', { a: '1' })).toBe('1 e {b}');
  });

  it('takes the program\'s language, with regional variants and unknown ones falling back', () => {
    expect(languageOf('pt-BR')).toBe('pt-BR');
    expect(languageOf('en')).toBe('en');
    expect(languageOf('es-AR')).toBe('es');
    expect(languageOf('fr')).toBe('pt-BR');
    expect(languageOf(null)).toBe('pt-BR');
  });
});

describe('widget formats', () => {
  it('points with the program\'s names, singular for one, in each language\'s digits', () => {
    expect(plain(localeFor('pt-BR', names).points(1250))).toBe('1.250 pontos');
    expect(plain(localeFor('pt-BR', names).points(1))).toBe('1 ponto');
    expect(plain(localeFor('en', { pointsNameSingular: 'point', pointsNamePlural: 'points' }).points(12500))).toBe('12,500 points');
    expect(plain(localeFor('es', { pointsNameSingular: 'punto', pointsNamePlural: 'puntos' }).points(12500))).toBe('12.500 puntos');
    expect(plain(localeFor('pt-BR', names).signedPoints(120))).toBe('+120 pontos');
    expect(plain(localeFor('pt-BR', names).signedPoints(-1))).toMatch(/^[-−]1 ponto$/);
  });

  it('the earning unit is R$ 1 in the language\'s format', () => {
    expect(plain(localeFor('pt-BR', names).currencyUnit())).toBe('R$ 1');
    expect(plain(localeFor('en', names).currencyUnit())).toBe('R$1');
    expect(plain(localeFor('es', names).currencyUnit())).toBe('1 R$');
  });

  it('a calendar date is that day in every time zone; a moment is shown in the shopper\'s zone', () => {
    const saoPaulo = localeFor('pt-BR', names, { timeZone: 'America/Sao_Paulo' });
    expect(plain(saoPaulo.date('2026-03-12'))).toBe('12 de mar. de 2026');
    expect(plain(localeFor('pt-BR', names, { timeZone: 'Asia/Tokyo' }).date('2026-03-12'))).toBe('12 de mar. de 2026');
    expect(plain(saoPaulo.date('2026-03-12T01:00:00Z'))).toBe('11 de mar. de 2026');
    expect(plain(localeFor('en', names, { timeZone: 'UTC' }).date('2026-03-12T01:00:00Z'))).toBe('Mar 12, 2026');
    expect(saoPaulo.date('not a date')).toBe('');
    expect(plain(localeFor('es', names).days(1))).toBe('1 día');
    expect(plain(localeFor('es', names).days(30))).toBe('30 días');
  });

  it('names the store order behind an order reference, and nothing else', () => {
    expect(orderOf('order:1234567890-01')).toBe('1234567890-01');
    expect(orderOf('redeem:rdm_1')).toBeNull();
    expect(orderOf(null)).toBeNull();
  });
});

describe('history amounts', () => {
  it('signs each movement as the shopper sees it, and shows moves within the balance unsigned', () => {
    expect(shopperDelta('earn', 100)).toBe(100);
    expect(shopperDelta('redeem-hold', 100)).toBe(-100);
    expect(shopperDelta('redeem-hold', -100)).toBe(-100);
    expect(shopperDelta('reverse', 40)).toBe(-40);
    expect(shopperDelta('expire', 10)).toBe(-10);
    expect(shopperDelta('redeem-release', 100)).toBe(100);
    expect(shopperDelta('adjust', -25)).toBe(-25);
    expect(shopperDelta('adjust', 25)).toBe(25);
    expect(shopperDelta('mature', 100)).toBeNull();
    expect(shopperDelta('redeem-confirm', 100)).toBeNull();
    expect(shopperDelta('something-new', 5)).toBeNull();
  });
});
