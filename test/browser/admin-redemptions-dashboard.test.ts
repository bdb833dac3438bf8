// The redemption queue and the dashboard in Chromium, against the app and the VTEX sandbox: with
// manual approval on, a member's requests wait in the queue; one approved becomes issued with its
// coupon in the sandbox, two rejected at once with a reason give the points back. A week of a
// program written through the real use cases with the test clock, then the dashboard's KPIs and
// each chart's drawn marks checked against it, and an empty range showing each chart's empty state.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVtexClient } from '../../src/adapters/vtex';
import { adjustPoints } from '../../src/app/ledger/adjust-points';
import { earnPoints } from '../../src/app/ledger/earn-points';
import { expireLot } from '../../src/app/ledger/expire-lot';
import { getBalance } from '../../src/app/ledger/get-balance';
import { confirmHeldPoints } from '../../src/app/ledger/hold-points';
import { maturePoints } from '../../src/app/ledger/mature-points';
import { reversePoints } from '../../src/app/ledger/reverse-points';
import { requestRedemption } from '../../src/app/rewards/redemptions';
import { createReward } from '../../src/app/rewards/rewards';
import { COUPON_ALPHABET } from '../../src/domain/coupon-code';
import type { RunningSandbox } from '../../sandbox/main';
import { openBrowser, type Page, type TestBrowser } from '../harness/browser';
import { engines } from '../harness/databases';
import { tenantWithKey, useHttpSuite, type HttpWorld } from '../harness/http';
import { WAIT, expectConsoleErrors, freshTab, panelUser, signIn } from '../harness/admin-browser';
import { createShop, type Shop } from '../harness/vtex-sandbox';
import { seedMember, seedTenant } from '../harness/world';

const CODE = new RegExp(`^[${COUPON_ALPHABET}]{4}-[${COUPON_ALPHABET}]{4}-[${COUPON_ALPHABET}]{4}$`);
const WEEK = ['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06', '2026-02-07', '2026-02-08'];

describe.each(engines)('the redemption queue and the dashboard in Chromium, $name', (engine) => {
  const suite = useHttpSuite(engine, { sandbox: true });
  let sandbox: RunningSandbox;
  let http: HttpWorld;
  let browser: TestBrowser;
  let page: Page;
  let errorsFrom = 0;
  let shop: Shop;
  const slug = engine.name.replace(/[^a-z]/g, '');
  beforeAll(async () => {
    ({ sandbox, http } = suite);
    shop = await createShop(sandbox, `admqueue${slug}`);
    browser = await openBrowser({ locale: 'pt-BR' });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await page?.close();
  });

  async function start() {
    page = await freshTab(browser);
    errorsFrom = browser.consoleErrors.length;
  }

  const api = (method: 'GET' | 'POST' | 'PUT', auth: Record<string, string>, url: string, payload?: object, headers: Record<string, string> = {}) =>
    http.app.inject({ method, url: `/api/admin/v1${url}`, headers: { ...auth, ...headers }, ...(payload ? { payload } : {}) });

  it('approves a redemption from the queue (issued, its coupon in VTEX) and rejects two at once with a reason', async () => {
    const { tenantId, auth } = await tenantWithKey(http.world);
    const saved = await api('PUT', auth, '/integrations/vtex', {
      accountName: shop.name, appKey: shop.appKey, appToken: shop.appToken, storeUrl: 'https://www.loja.example', active: false, manualRedemptionApproval: true,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const member = await seedMember(http.world, tenantId, { name: 'Rita Campos' });
    await adjustPoints(http.world, { tenantId, memberId: member.id, points: 1_000, reason: 'seed', actor: 'test', idempotencyKey: `seed:${member.id}` });
    const reward = await api('POST', auth, '/rewards', { kind: 'percent_discount', name: '10% de desconto', cost: 100, discountPercent: 10 });
    expect(reward.statusCode, reward.body).toBe(201);
    const ids: string[] = [];
    for (const key of ['first', 'second', 'third']) {
      const requested = await api('POST', auth, `/members/${member.id}/redemptions`, { rewardId: reward.json().id }, { 'idempotency-key': key });
      expect(requested.json(), requested.body).toMatchObject({ status: 'pending_approval', couponCode: null });
      ids.push(requested.json().id);
    }
    const [approved, rejectedA, rejectedB] = ids as [string, string, string];
    expect(await getBalance(http.world, tenantId, member.id)).toMatchObject({ available: 700, held: 300 });

    const user = await panelUser(http, tenantId);
    await start();
    await signIn(page, http, user);
    await page.getByTestId('nav-redemptions').click();
    await page.getByTestId('page-redemptions').waitFor();
    expect(await page.getByTestId('status-tab-pending_approval').getAttribute('aria-pressed')).toBe('true');
    for (const id of ids) await page.getByTestId(`row-${id}`).waitFor();
    await expect.poll(async () => page.getByTestId(`row-${approved}`).textContent(), WAIT).toContain('Rita Campos');
    await browser.screenshot(page, `admin-redemptions-queue-${slug}`);

    await page.getByTestId(`approve-${approved}`).click();
    await page.getByTestId('approve-dialog').waitFor();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('toast').first().waitFor();
    await page.getByTestId(`row-${approved}`).waitFor({ state: 'detached' });
    const issued = (await api('GET', auth, `/redemptions/${approved}`)).json();
    expect(issued).toMatchObject({ status: 'issued' });
    expect(issued.couponCode).toMatch(CODE);
    const vtex = createVtexClient({ account: shop.name, appKey: shop.appKey, appToken: shop.appToken, baseUrlTemplate: `${sandbox.url}/{account}` });
    const coupon = await vtex.getCoupon(issued.couponCode);
    expect(coupon.ok && coupon.value).toMatchObject({ couponCode: issued.couponCode, isArchived: false, maxUsage: 1 });

    // The other two, rejected together: the reason is required before confirming.
    await page.getByTestId(`select-${rejectedA}`).check();
    await page.getByTestId(`select-${rejectedB}`).check();
    await page.getByTestId('bulk-reject').click();
    await page.getByTestId('reject-dialog').waitFor();
    expect(await page.getByTestId('confirm-ok').isDisabled()).toBe(true);
    const reason = 'Pedidos em análise antifraude';
    await page.getByTestId('field-reject-reason').fill(reason);
    expect(await page.getByTestId('confirm-ok').isDisabled()).toBe(false);
    await page.getByTestId('confirm-ok').click();
    const results = page.getByTestId('bulk-results');
    await results.waitFor();
    for (const id of [rejectedA, rejectedB]) expect(await page.getByTestId(`bulk-result-${id}`).getAttribute('data-ok'), id).toBe('true');
    await browser.screenshot(page, `admin-redemptions-bulk-results-${slug}`);
    await page.getByTestId('bulk-results-close').click();
    await results.waitFor({ state: 'detached' });
    for (const id of [rejectedA, rejectedB]) {
      await page.getByTestId(`row-${id}`).waitFor({ state: 'detached' });
      expect((await api('GET', auth, `/redemptions/${id}`)).json(), id).toMatchObject({ status: 'rejected', reason });
    }
    expect(await getBalance(http.world, tenantId, member.id)).toMatchObject({ available: 900, held: 0 });

    // The issued tab shows the coupon.
    await page.getByTestId('status-tab-issued').click();
    await page.getByTestId(`row-${approved}`).waitFor();
    expect(await page.getByTestId(`coupon-${approved}`).textContent()).toBe(issued.couponCode);
    expect(new URL(page.url()).searchParams.get('status')).toBe('issued');
    await browser.screenshot(page, `admin-redemptions-issued-${slug}`);
    expectConsoleErrors(browser, errorsFrom, http);
  });

  it('draws every dashboard chart from a week of activity, with KPIs matching it, and empty states for a quiet range', async () => {
    const clock = http.world.clock;
    const before = clock.now();
    const at = (iso: string) => clock.set(new Date(iso));
    const world = http.world;
    const { tenantId } = await seedTenant(world, { pointsExpiryDays: 2 });
    /** An order's award as the order job writes it (its inputs kept on the earning). */
    const earnForOrder = (memberId: string, order: { id: string; points: number; dueAt: string; statusAt: string; items: number; discounts: number; shipping: number }) =>
      earnPoints(world, {
        tenantId, memberId, points: order.points, reference: `order:${order.id}`, dueAt: new Date(order.dueAt), idempotencyKey: `earn:order:${order.id}`,
        details: { orderId: order.id, status: 'invoiced', statusAt: order.statusAt, itemsCents: order.items, discountsCents: order.discounts, shippingCents: order.shipping },
      });
    const redeem = async (memberId: string, rewardId: string, key: string) => (await requestRedemption(world, { tenantId, memberId, rewardId, idempotencyKey: key })).redemption;

    try {
      // The program's days are São Paulo's (UTC−3); everything happens at midday there.
      at('2026-02-02T15:00:00Z');
      const m1 = await seedMember(world, tenantId);
      const m2 = await seedMember(world, tenantId);
      const o1 = await earnForOrder(m1.id, { id: 'o1', points: 100, dueAt: '2026-02-03T00:00:00Z', statusAt: '2026-02-02T14:00:00Z', items: 10_000, discounts: -1_000, shipping: 500 });
      const o2 = await earnForOrder(m2.id, { id: 'o2', points: 50, dueAt: '2026-03-01T00:00:00Z', statusAt: '2026-02-02T14:30:00Z', items: 5_000, discounts: 0, shipping: 0 });
      at('2026-02-03T15:00:00Z');
      const matured = await maturePoints(world, { tenantId, earningId: o1.transaction.id });
      const m3 = await seedMember(world, tenantId);
      await adjustPoints(world, { tenantId, memberId: m3.id, points: 300, reason: 'bonus', actor: 'test', idempotencyKey: `bonus:${m3.id}` });
      at('2026-02-04T15:00:00Z');
      const shipping = await createReward(world, tenantId, { kind: 'free_shipping', name: 'Frete grátis', cost: 40 });
      const discount = await createReward(world, tenantId, { kind: 'percent_discount', name: '5% de desconto', cost: 30, discountPercent: 5 });
      // No store connected: the three stay issuing, their points held; the first is then issued.
      const first = await redeem(m3.id, shipping.id, 'r1');
      await redeem(m3.id, shipping.id, 'r2');
      await redeem(m3.id, discount.id, 'r3');
      await confirmHeldPoints(world, { tenantId, redemptionId: first.id });
      await world.redemptions.transition(null, {
        tenantId, redemptionId: first.id, from: ['issuing'], to: 'issued', event: 'redemption.issued', now: clock.now(), couponExpiresAt: new Date('2026-03-04T00:00:00Z'),
      });
      // m1's lot (due 5 Feb at 15:00Z) expires; o2 is cancelled; another order earns.
      at('2026-02-06T12:00:00Z');
      await expireLot(world, { tenantId, lotId: String(matured.transaction.metadata.lotId) });
      await reversePoints(world, { tenantId, earningId: o2.transaction.id, reason: 'cancel', idempotencyKey: 'reverse:order:o2:cancel' });
      await earnForOrder(m2.id, { id: 'o3', points: 80, dueAt: '2026-03-01T00:00:00Z', statusAt: '2026-02-06T11:00:00Z', items: 20_000, discounts: -2_000, shipping: 1_500 });
      at('2026-02-08T12:00:00Z');

      const user = await panelUser(http, tenantId);
      await start();
      // The browser's calendar is the server's, so the panel's presets count back from the same today.
      await page.clock.setFixedTime(clock.now());
      await signIn(page, http, user);
      const content = page.getByTestId('dashboard-content');
      await content.waitFor();
      expect([await content.getAttribute('data-from'), await content.getAttribute('data-to')]).toEqual(['2026-01-10', '2026-02-08']);
      await page.getByTestId('range-7').click();
      await expect.poll(async () => content.getAttribute('data-from'), WAIT).toBe('2026-02-02');
      expect(new URL(page.url()).searchParams.get('days')).toBe('7');

      const kpi = async (name: string) => Number(await page.getByTestId(`kpi-${name}`).getAttribute('data-value'));
      // Members: three joined, all three earned for an order or asked for a reward. Points: 100 + 50 + 80
      // earned, 40 redeemed; 190 available (m3's 300 less 110 asked for). Sales: R$ 95 + R$ 50 + R$ 195.
      expect({
        members: await kpi('members'), active: await kpi('active'), earned: await kpi('earned'), redeemed: await kpi('redeemed'),
        available: await kpi('available'), redemptions: await kpi('redemptions'), sales: await kpi('sales'),
      }).toEqual({ members: 3, active: 3, earned: 230, redeemed: 40, available: 190, redemptions: 3, sales: 34_000 });

      for (const chart of ['points', 'sales', 'new-members', 'redemptions', 'top-rewards']) {
        const svg = page.getByTestId(`chart-${chart}`).locator('svg[role=img]');
        expect(await svg.count(), chart).toBe(1);
        expect(await svg.getAttribute('aria-label'), chart).toMatch(/\S/);
      }
      const totals: Record<string, string | null> = {};
      for (const series of ['earned', 'matured', 'redeemed', 'expired', 'reversed']) {
        const line = page.getByTestId('chart-points').locator(`path[data-series=${series}]`);
        totals[series] = await line.getAttribute('data-total');
        // One point per day of the range.
        expect((await line.getAttribute('d'))?.match(/[ML]/g), series).toHaveLength(7);
      }
      expect(totals).toEqual({ earned: '230', matured: '100', redeemed: '40', expired: '100', reversed: '50' });

      const bars = async (chart: string) =>
        page.getByTestId(`chart-${chart}`).locator('rect.chart-bar').evaluateAll((rects) =>
          rects.map((rect) => ({ date: rect.getAttribute('data-date'), value: Number(rect.getAttribute('data-value')), drawn: Number(rect.getAttribute('height')) > 0 })));
      const perDay = (values: number[]) => WEEK.map((date, index) => ({ date, value: values[index], drawn: (values[index] ?? 0) > 0 }));
      expect(await bars('sales')).toEqual(perDay([14_500, 0, 0, 0, 19_500, 0, 0]));
      expect(await bars('new-members')).toEqual(perDay([2, 1, 0, 0, 0, 0, 0]));

      const categories = async (chart: string) =>
        Object.fromEntries(await page.getByTestId(`chart-${chart}`).locator('rect[data-bar]').evaluateAll((rects) =>
          rects.map((rect) => [rect.getAttribute('data-bar'), { value: Number(rect.getAttribute('data-value')), drawn: Number(rect.getAttribute('width')) > 0 }])));
      expect(await categories('redemptions')).toMatchObject({ issued: { value: 1, drawn: true }, issuing: { value: 2, drawn: true }, rejected: { value: 0, drawn: false } });
      expect(await categories('top-rewards')).toEqual({ [shipping.id]: { value: 2, drawn: true }, [discount.id]: { value: 1, drawn: true } });
      await browser.screenshot(page, `admin-dashboard-${slug}`);

      // A quiet range: each chart says so; the members count is of now.
      await page.getByTestId('range-custom').click();
      await page.getByTestId('field-from').fill('2026-01-01');
      await page.getByTestId('field-to').fill('2026-01-10');
      await page.getByTestId('range-apply').click();
      await expect.poll(async () => content.getAttribute('data-from'), WAIT).toBe('2026-01-01');
      for (const chart of ['points', 'sales', 'new-members', 'redemptions', 'top-rewards']) await page.getByTestId(`chart-${chart}-empty`).waitFor();
      expect(await page.locator('svg[role=img]').count()).toBe(0);
      expect([await kpi('members'), await kpi('earned'), await kpi('sales')]).toEqual([3, 0, 0]);
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ from: '2026-01-01', to: '2026-01-10' });
      await browser.screenshot(page, `admin-dashboard-empty-${slug}`);
      expectConsoleErrors(browser, errorsFrom, http);
    } finally {
      clock.set(before);
    }
  });
});
