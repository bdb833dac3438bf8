import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../src/domain/program';
import { EMAIL_TEXTS, EMAIL_TYPES, renderEmail, type EmailBrand, type EmailDataOf, type EmailRecipient, type EmailType } from '../../src/domain/email';
import { DEFAULT_COLOR, escapeHtml } from '../../src/domain/email/format';

const UNSUBSCRIBE = 'https://pontua.example/unsubscribe?token=abc&member=mbr_1';
const recipient: EmailRecipient = { firstName: 'Ana', email: 'ana@example.com' };

const brand = (overrides: Partial<EmailBrand> = {}): EmailBrand => ({
  programName: 'Clube Pontua',
  pointsNameSingular: 'ponto',
  pointsNamePlural: 'pontos',
  color: '#0f766e',
  logoUrl: 'https://cdn.example/logo.png',
  storeUrl: 'https://loja.example/',
  language: 'pt-BR',
  timezone: 'America/Sao_Paulo',
  ...overrides,
});

const POINTS_NAMES: Record<Language, Pick<EmailBrand, 'pointsNameSingular' | 'pointsNamePlural'>> = {
  'pt-BR': { pointsNameSingular: 'ponto', pointsNamePlural: 'pontos' },
  en: { pointsNameSingular: 'point', pointsNamePlural: 'points' },
  es: { pointsNameSingular: 'punto', pointsNamePlural: 'puntos' },
};

// 15:00 UTC: the same calendar day in São Paulo and in UTC.
const DAY = new Date('2026-11-30T15:00:00Z');
const DAY_SHOWN: Record<Language, string> = { 'pt-BR': '30 de novembro de 2026', en: 'November 30, 2026', es: '30 de noviembre de 2026' };
const POINTS_SHOWN: Record<Language, string> = { 'pt-BR': '1.234 pontos', en: '1,234 points', es: '1.234 puntos' };
const BALANCE_SHOWN: Record<Language, string> = { 'pt-BR': '5.678 pontos', en: '5,678 points', es: '5.678 puntos' };

// Typed per message type, so a new EMAIL_TYPES entry without sample data does not compile.
const SAMPLES: { [T in EmailType]: EmailDataOf<T> } = {
  welcome: { type: 'welcome', balance: 5678 },
  points_pending: { type: 'points_pending', points: 1234, availableOn: DAY, orderId: '1471230501-01' },
  points_available: { type: 'points_available', points: 1234, balance: 5678 },
  reward_within_reach: { type: 'reward_within_reach', rewardName: 'Caneca térmica', cost: 1234, balance: 5678 },
  redemption_pending_approval: { type: 'redemption_pending_approval', rewardName: 'Caneca térmica', cost: 1234 },
  redemption_approved: { type: 'redemption_approved', rewardName: 'Caneca térmica' },
  redemption_rejected: { type: 'redemption_rejected', rewardName: 'Caneca térmica', reason: 'Produto fora de linha', pointsReturned: 1234 },
  redemption_issued: {
    type: 'redemption_issued',
    rewardName: 'Caneca térmica',
    couponCode: 'PONTUA-7KQ2-M9XD',
    expiresAt: DAY,
    instructions: 'Adicione a caneca ao carrinho e aplique o cupom.',
  },
  points_expiring: { type: 'points_expiring', points: 1234, expiresOn: DAY, balance: 5678 },
  login_code: { type: 'login_code', code: '483920', minutes: 10 },
};

// What each message must show, as formatted in the language.
const KEY_VALUES: { [T in EmailType]: (language: Language) => string[] } = {
  welcome: (l) => [BALANCE_SHOWN[l]],
  points_pending: (l) => [POINTS_SHOWN[l], DAY_SHOWN[l], '1471230501-01'],
  points_available: (l) => [POINTS_SHOWN[l], BALANCE_SHOWN[l]],
  reward_within_reach: (l) => ['Caneca térmica', POINTS_SHOWN[l], BALANCE_SHOWN[l]],
  redemption_pending_approval: (l) => ['Caneca térmica', POINTS_SHOWN[l]],
  redemption_approved: () => ['Caneca térmica'],
  redemption_rejected: (l) => ['Caneca térmica', 'Produto fora de linha', POINTS_SHOWN[l]],
  redemption_issued: (l) => ['Caneca térmica', 'PONTUA-7KQ2-M9XD', DAY_SHOWN[l], 'Adicione a caneca ao carrinho e aplique o cupom.'],
  points_expiring: (l) => [POINTS_SHOWN[l], DAY_SHOWN[l], BALANCE_SHOWN[l]],
  login_code: () => ['483920', '10'],
};

const render = (type: EmailType, language: Language, overrides: Partial<EmailBrand> = {}, who: EmailRecipient = recipient) =>
  renderEmail(brand({ language, ...POINTS_NAMES[language], ...overrides }), who, SAMPLES[type], { unsubscribeUrl: UNSUBSCRIBE });

const CASES = LANGUAGES.flatMap((language) => EMAIL_TYPES.map((type) => [type, language] as const));
const LEAKS = ['undefined', 'null', 'NaN', '[object Object]', '{{', '}}', '${', 'Invalid Date'];
const TAG = /<\/?[a-z][^>]*>/i;

describe('every message in every language', () => {
  it.each(CASES)('%s in %s renders a complete message', (type, language) => {
    const email = render(type, language);
    for (const part of [email.subject, email.html, email.text]) {
      expect(part.trim()).not.toBe('');
      for (const leak of LEAKS) expect(part).not.toContain(leak);
    }
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).toContain(UNSUBSCRIBE);
    expect(email.html).toContain(`href="${escapeHtml(UNSUBSCRIBE)}"`);
    for (const value of KEY_VALUES[type](language)) {
      expect(email.text).toContain(value);
      expect(email.html).toContain(escapeHtml(value));
    }
    expect(email.html).toContain('Clube Pontua');
    expect(email.text).toContain('Clube Pontua');
    expect(email.html).toContain(`<html lang="${language}">`);
    expect(email.html).toContain('<img src="https://cdn.example/logo.png"');
    expect(email.html).toContain('#0f766e');
    expect(email.html).toContain('href="https://loja.example/"');
    expect(email.html).not.toMatch(/<script|<link|<style|javascript:/i);
    expect(email.html).toMatch(/max-width:600px/);
    expect(email.text).not.toMatch(TAG);
    expect(email.text).not.toMatch(/&(amp|lt|gt|quot|#39);/);
  });

  it.each(CASES)('%s in %s greets by first name, or without one', (type, language) => {
    expect(render(type, language).text).toContain('Ana');
    const anonymous = render(type, language, {}, { firstName: null, email: 'x@example.com' });
    expect(anonymous.text).not.toContain('Ana');
    expect(anonymous.text).not.toMatch(/,\s*[!,]/);
  });

  it('is written in the language: subjects and bodies differ from one language to another', () => {
    for (const type of EMAIL_TYPES) {
      const [pt, en, es] = LANGUAGES.map((language) => render(type, language));
      expect(new Set([pt?.subject, en?.subject, es?.subject]).size).toBe(3);
      expect(new Set([pt?.text, en?.text, es?.text]).size).toBe(3);
    }
    expect(render('welcome', 'pt-BR').text).toContain('Olá, Ana!');
    expect(render('welcome', 'en').text).toContain('Hi Ana,');
    expect(render('welcome', 'es').text).toContain('¡Hola, Ana!');
  });

  it('has a text for every type in every language', () => {
    for (const language of LANGUAGES) {
      for (const type of EMAIL_TYPES) expect(typeof EMAIL_TEXTS[language].messages[type]).toBe('function');
      expect(Object.keys(EMAIL_TEXTS[language].messages).sort()).toEqual([...EMAIL_TYPES].sort());
    }
  });
});

describe('values in the HTML part', () => {
  const nasty = '<b>&"x"</b>';

  it.each(LANGUAGES)('escapes a reward name, a reason and a program name (%s)', (language) => {
    const data = { type: 'redemption_rejected', rewardName: nasty, reason: `${nasty} <script>alert(1)</script>`, pointsReturned: 10 } as const;
    const email = renderEmail(brand({ language, programName: `Clube ${nasty}` }), { firstName: '<i>Ana</i>', email: 'a@b.example' }, data, {
      unsubscribeUrl: UNSUBSCRIBE,
    });
    expect(email.html).toContain('&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;');
    expect(email.html).not.toContain(nasty);
    expect(email.html).not.toContain('<script');
    expect(email.html).not.toContain('<i>Ana');
    // Plain text is not HTML: the names are shown as they are.
    expect(email.text).toContain(nasty);
    expect(email.subject).toContain(nasty);
  });

  it('escapes the coupon code and the instructions', () => {
    const email = renderEmail(brand(), recipient, { ...SAMPLES.redemption_issued, couponCode: 'A<B', instructions: 'Use "A<B" & save' }, { unsubscribeUrl: UNSUBSCRIBE });
    expect(email.html).toContain('A&lt;B');
    expect(email.html).toContain('Use &quot;A&lt;B&quot; &amp; save');
    expect(email.html).not.toContain('A<B');
  });

  it('keeps only http(s) links and an https logo', () => {
    const email = render('welcome', 'en', { storeUrl: 'javascript:alert(1)', logoUrl: 'http://cdn.example/logo.png' });
    expect(email.html).not.toContain('javascript:');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('href="https://loja.example/');
    expect(render('welcome', 'en', { logoUrl: 'data:image/png;base64,AAAA' }).html).not.toContain('<img');
    const quoted = render('welcome', 'en', { storeUrl: 'https://loja.example/?a="><script>' });
    expect(quoted.html).not.toContain('"><script>');
  });

  it.each(EMAIL_TYPES)('%s has no store link and no broken link without a store URL', (type) => {
    const email = render(type, 'pt-BR', { storeUrl: null, logoUrl: null });
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual([escapeHtml(UNSUBSCRIBE)]);
    expect(email.html).toContain('Clube Pontua');
    expect(email.text).not.toContain('Ir para a loja');
  });

  it('falls back to the default colour when the brand colour is not #rrggbb', () => {
    for (const color of ['red', '#abc', 'url(x)', '#12345g', '#0f766e;background:url(x)', '']) {
      const html = render('welcome', 'pt-BR', { color }).html;
      expect(html).toContain(`bgcolor="${DEFAULT_COLOR}"`);
      expect(html).toContain(`background-color:${DEFAULT_COLOR};`);
      expect(html).not.toContain('url(x)');
      expect(html).not.toMatch(/bgcolor="(?!#[0-9a-f]{6}")/);
    }
    expect(render('welcome', 'pt-BR', { color: '#0F766E' }).html).toContain('bgcolor="#0f766e"');
  });

  it('writes dark text on a light brand colour and white text on a dark one', () => {
    expect(render('welcome', 'pt-BR', { color: '#ffee00' }).html).toMatch(/color:#111827;text-decoration:none;border-radius:6px;">Ir para a loja/);
    expect(render('welcome', 'pt-BR', { color: '#1d1d6b' }).html).toMatch(/color:#ffffff;text-decoration:none;border-radius:6px;">Ir para a loja/);
  });
});

describe('numbers and dates', () => {
  const points = (n: number, language: Language) =>
    renderEmail(brand({ language, ...POINTS_NAMES[language] }), recipient, { type: 'points_available', points: n, balance: n }, { unsubscribeUrl: UNSUBSCRIBE })
      .subject;

  it('uses the singular points name for exactly one', () => {
    expect(points(1, 'pt-BR')).toContain('1 ponto ');
    expect(points(2, 'pt-BR')).toContain('2 pontos');
    expect(points(0, 'en')).toContain('0 points');
    expect(points(1, 'en')).toContain('1 point ');
    expect(points(1, 'es')).toContain('1 punto ');
    expect(points(1234, 'es')).toContain('1.234 puntos');
    expect(points(1_234_567, 'en')).toContain('1,234,567 points');
  });

  it('uses the program’s own points names', () => {
    const email = renderEmail(brand({ pointsNameSingular: 'estrela', pointsNamePlural: 'estrelas' }), recipient, SAMPLES.welcome, { unsubscribeUrl: UNSUBSCRIBE });
    expect(email.text).toContain('5.678 estrelas');
    expect(email.text).toContain('acumula estrelas');
  });

  it('shows the calendar day in the program’s time zone', () => {
    const lateEvening = new Date('2026-12-01T02:00:00Z'); // 23:00 on Nov 30 in São Paulo
    const data = { ...SAMPLES.points_expiring, expiresOn: lateEvening };
    expect(renderEmail(brand(), recipient, data, { unsubscribeUrl: UNSUBSCRIBE }).text).toContain('30 de novembro de 2026');
    expect(renderEmail(brand({ timezone: 'UTC' }), recipient, data, { unsubscribeUrl: UNSUBSCRIBE }).text).toContain('1 de dezembro de 2026');
  });

  it('refuses to render a message with a broken value rather than send it', () => {
    const send = (data: Parameters<typeof renderEmail>[2], unsubscribeUrl = UNSUBSCRIBE) => () => renderEmail(brand(), recipient, data, { unsubscribeUrl });
    expect(send({ type: 'welcome', balance: Number.NaN })).toThrow(RangeError);
    expect(send({ type: 'welcome', balance: 1.5 })).toThrow(RangeError);
    expect(send({ ...SAMPLES.points_expiring, expiresOn: new Date('nope') })).toThrow(RangeError);
    expect(send(SAMPLES.welcome, 'javascript:alert(1)')).toThrow(RangeError);
    expect(send(SAMPLES.welcome, 'mailto:out@example.com')).toThrow(RangeError);
  });

  it('leaves out an empty rejection reason and empty instructions', () => {
    const rejected = renderEmail(brand(), recipient, { ...SAMPLES.redemption_rejected, reason: '  ' }, { unsubscribeUrl: UNSUBSCRIBE });
    expect(rejected.text).not.toContain('Motivo');
    const issued = renderEmail(brand(), recipient, { ...SAMPLES.redemption_issued, instructions: '' }, { unsubscribeUrl: UNSUBSCRIBE });
    expect(issued.text).toContain('PONTUA-7KQ2-M9XD');
    expect(issued.html).not.toMatch(/<p[^>]*><\/p>/);
  });

  it('keeps the subject on one line', () => {
    const email = renderEmail(brand(), recipient, { ...SAMPLES.redemption_approved, rewardName: 'Caneca\r\nBcc: x@evil.example' }, { unsubscribeUrl: UNSUBSCRIBE });
    expect(email.subject).toBe('Sua troca foi aprovada: Caneca Bcc: x@evil.example');
  });

  it('wraps plain-text lines at 76 columns without splitting long words', () => {
    const longUrl = `https://pontua.example/unsubscribe?token=${'x'.repeat(120)}`;
    const email = renderEmail(brand(), recipient, SAMPLES.redemption_issued, { unsubscribeUrl: longUrl });
    for (const line of email.text.split('\n')) if (line !== longUrl) expect(line.length).toBeLessThanOrEqual(76);
    expect(email.text).toContain(`\n${longUrl}\n`);
  });
});
