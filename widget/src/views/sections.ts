// The blocks both views show — balance, rewards (with the redemption flow), coupons, history, how
// to earn, the pitch to non-members (with the one-time code sign-in for programs without single
// sign-on) — built from the controller's state. Every interactive element is a real <button>, link
// or labelled field; data-testid names what the browser tests look for.
import type { ApiFailure } from '../api';
import type { WidgetController, WidgetState, RedeemFlow } from '../controller';
import type { ProgramInfo, Redemption, RewardOffer } from '../contract';
import { h, safeUrl } from '../dom';
import { shopperDelta } from '../history';
import { orderOf, type Locale } from '../i18n';

export interface ViewContext {
  state: WidgetState;
  program: ProgramInfo;
  locale: Locale;
  controller: WidgetController;
  announce(message: string): void;
  /** The launcher's panel: recent history only, no "show more". */
  compact: boolean;
}

const RECENT_HISTORY = 5;

export function programLogo(program: ProgramInfo): HTMLImageElement | null {
  const src = safeUrl(program.theme.logoUrl);
  return src ? h('img', { class: 'logo', src, alt: '' }) : null;
}

export function memberErrorBanner({ state, locale, controller }: ViewContext): HTMLElement | null {
  if (!state.memberError) return null;
  return h('div', { class: 'confirm', role: 'alert', 'data-testid': 'pontua-error' },
    h('p', { class: 'error' }, state.phase === 'member' && !state.account ? locale.t('loadFailed') : locale.error(state.memberError.code)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn secondary', 'data-testid': 'pontua-retry', 'data-focus': 'retry', onclick: () => void controller.retry() }, locale.t('retry'))));
}

export function greeting({ state, locale }: ViewContext): HTMLElement | null {
  const name = state.account?.member.name?.trim().split(/\s+/)[0];
  return name ? h('p', { 'data-testid': 'pontua-greeting' }, locale.t('greeting', { name })) : null;
}

export function balanceSection({ state, locale }: ViewContext): HTMLElement | null {
  const balance = state.account?.balance;
  if (!balance) return null;
  return h('section', { 'aria-labelledby': 'pontua-balance-title', 'data-testid': 'pontua-balance' },
    h('h3', { id: 'pontua-balance-title', tabindex: -1, 'data-focus': 'balance' }, locale.t('balanceTitle')),
    h('p', { class: 'big', 'data-testid': 'pontua-balance-available' },
      h('span', { class: 'sr-only' }, `${locale.t('available')}: `), locale.points(balance.available)),
    balance.held > 0 && h('p', { class: 'muted' }, locale.t('held', { points: locale.points(balance.held) })),
    balance.pending.length > 0 && h('h4', null, locale.t('pendingTitle')),
    balance.pending.length > 0 && h('ul', { class: 'list muted', 'data-testid': 'pontua-balance-pending' },
      ...balance.pending.map((lot) => h('li', null, locale.t('pendingItem', { points: locale.points(lot.points), date: locale.date(lot.availableOn) })))),
    balance.nextExpiry && h('p', { class: 'muted', 'data-testid': 'pontua-next-expiry' },
      locale.t('nextExpiry', { points: locale.points(balance.nextExpiry.points), date: locale.date(balance.nextExpiry.date) })));
}

export function rewardsSection(context: ViewContext): HTMLElement {
  const { state, locale } = context;
  const flow = state.redeem;
  const flowInline = flow !== null && state.rewards.some((reward) => reward.id === flow.reward.id);
  return h('section', { class: 'wide', 'aria-labelledby': 'pontua-rewards-title', 'data-testid': 'pontua-rewards' },
    h('h3', { id: 'pontua-rewards-title', tabindex: -1, 'data-focus': 'rewards' }, locale.t('rewardsTitle')),
    // The reward redeemed may have left the list (its last unit): its result shows here instead.
    flow && !flowInline && redeemFlowBlock(context, flow),
    state.rewards.length === 0
      ? h('p', { class: 'muted' }, locale.t('noRewards'))
      : h('ul', { class: 'list rewards' }, ...state.rewards.map((reward) => rewardItem(context, reward))));
}

function rewardItem(context: ViewContext, reward: RewardOffer): HTMLElement {
  const { state, locale, controller } = context;
  const flow = state.redeem?.reward.id === reward.id ? state.redeem : null;
  const image = safeUrl(reward.imageUrl);
  let action: HTMLElement;
  if (flow) action = redeemFlowBlock(context, flow);
  else if (reward.canRedeem) {
    action = h('button', {
      type: 'button', class: 'btn', 'data-testid': 'pontua-redeem', 'data-focus': `redeem:${reward.id}`,
      'aria-label': locale.t('redeemLabel', { reward: reward.name }), onclick: () => controller.askToRedeem(reward.id),
    }, locale.t('redeem'));
  } else {
    action = h('p', { class: 'muted', 'data-testid': 'pontua-reward-missing' },
      reward.unavailableReason !== null ? locale.t('rewardUnavailable') : locale.t('missing', { points: locale.points(reward.missingPoints) }));
  }
  return h('li', { class: 'reward', 'data-testid': 'pontua-reward', 'data-reward-id': reward.id },
    image && h('img', { src: image, alt: '', loading: 'lazy' }),
    h('h4', null, reward.name),
    reward.description && h('p', { class: 'muted pre' }, reward.description),
    h('p', null, locale.t('cost', { points: locale.points(reward.cost) })),
    action);
}

function redeemFlowBlock(context: ViewContext, flow: RedeemFlow): HTMLElement {
  const { locale, controller } = context;
  const close = (label: string) => h('button', {
    type: 'button', class: 'btn secondary', 'data-testid': 'pontua-redeem-close', 'data-focus': 'close-redeem', onclick: () => controller.closeRedeem(),
  }, label);
  switch (flow.step) {
    case 'confirm':
    case 'sending': {
      const sending = flow.step === 'sending';
      const error = flow.step === 'confirm' ? flow.error : null;
      // aria-disabled, not disabled: the focused button keeps focus while the request runs.
      return h('div', { class: 'confirm', role: 'group', 'aria-label': locale.t('confirm'), 'aria-busy': sending ? 'true' : 'false', 'data-testid': 'pontua-redeem-confirmation' },
        h('p', null, locale.t('confirmText', { points: locale.points(flow.reward.cost), reward: flow.reward.name })),
        error && h('p', { class: 'error', role: 'alert' }, locale.error(error.code)),
        h('div', { class: 'actions' },
          h('button', {
            type: 'button', class: 'btn', 'data-testid': 'pontua-redeem-confirm', 'data-focus': 'confirm', 'aria-disabled': sending ? 'true' : 'false',
            onclick: () => void controller.confirmRedeem(),
          }, sending ? locale.t('redeeming') : error ? locale.t('retry') : locale.t('confirm')),
          h('button', {
            type: 'button', class: 'btn secondary', 'data-testid': 'pontua-redeem-cancel', 'data-focus': 'cancel-redeem', 'aria-disabled': sending ? 'true' : 'false',
            onclick: () => controller.closeRedeem(),
          }, locale.t('cancel'))));
    }
    case 'refused':
      return h('div', { class: 'confirm', 'data-testid': 'pontua-redeem-refused' },
        h('p', { class: 'error', role: 'alert' }, locale.error(flow.error.code)),
        h('div', { class: 'actions' }, close(locale.t('cancel'))));
    case 'done': {
      const { redemption } = flow;
      return h('div', { class: 'result', 'data-testid': 'pontua-redemption-result', 'data-redemption-id': redemption.id, 'data-status': redemption.status },
        h('h4', { tabindex: -1, 'data-focus': 'result' }, locale.t('redeemedTitle')),
        redemption.couponCode && redemption.status === 'issued'
          ? couponDetails(context, redemption, 'result')
          : h('p', null, locale.t(redemption.status === 'pending_approval' ? 'pendingApproval' : 'issuing')),
        h('div', { class: 'actions' }, close(locale.t('done'))));
    }
  }
}

/** `place` keeps focus keys apart: the same coupon shows in the result and in "my coupons". */
function couponDetails(context: ViewContext, redemption: Redemption, place: 'result' | 'list'): HTMLElement {
  const { locale } = context;
  const code = redemption.couponCode ?? '';
  const field = h('input', {
    class: 'code', readonly: true, value: code, 'aria-label': locale.t('couponCode'), 'data-testid': 'pontua-coupon-code', 'data-focus': `code:${place}:${redemption.id}`,
  });
  return h('div', { class: 'coupon-code' },
    h('div', { class: 'code-row' }, field,
      h('button', {
        type: 'button', class: 'btn secondary', 'data-testid': 'pontua-copy', 'data-focus': `copy:${place}:${redemption.id}`,
        onclick: () => void copyCode(context, code, field),
      }, locale.t('copy'))),
    redemption.couponExpiresAt && h('p', { class: 'muted', 'data-testid': 'pontua-coupon-expiry' }, locale.t('validUntil', { date: locale.date(redemption.couponExpiresAt) })),
    redemption.instructions && h('p', { class: 'pre', 'data-testid': 'pontua-coupon-instructions' }, redemption.instructions));
}

async function copyCode({ locale, announce }: ViewContext, code: string, field: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(code);
    announce(locale.t('copied', { code }));
    return;
  } catch {
    // No Clipboard API (an http page) or no permission: select the text and use the old command.
  }
  field.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  announce(copied ? locale.t('copied', { code }) : locale.t('copyFailed'));
}

export function couponsSection(context: ViewContext): HTMLElement {
  const { state, locale } = context;
  const coupons = context.compact ? state.coupons.filter((coupon) => coupon.status === 'issued') : state.coupons;
  return h('section', { 'aria-labelledby': 'pontua-coupons-title', 'data-testid': 'pontua-coupons' },
    h('h3', { id: 'pontua-coupons-title' }, locale.t('couponsTitle')),
    coupons.length === 0
      ? h('p', { class: 'muted' }, locale.t('noCoupons'))
      : h('ul', { class: 'list' }, ...coupons.map((coupon) =>
        h('li', { class: 'coupon', 'data-testid': 'pontua-coupon', 'data-redemption-id': coupon.id, 'data-status': coupon.status },
          h('h4', null, coupon.reward.name),
          h('span', { class: `badge ${coupon.status}` }, locale.couponStatus(coupon.status)),
          coupon.status === 'issued' && coupon.couponCode
            ? couponDetails(context, coupon, 'list')
            : coupon.couponCode && h('p', { class: 'muted' }, `${locale.t('couponCode')}: ${coupon.couponCode}`)))));
}

export function historySection(context: ViewContext): HTMLElement {
  const { state, locale, controller, compact } = context;
  const items = compact ? state.history.slice(0, RECENT_HISTORY) : state.history;
  return h('section', { 'aria-labelledby': 'pontua-history-title', 'data-testid': 'pontua-history' },
    h('h3', { id: 'pontua-history-title' }, locale.t('historyTitle')),
    items.length === 0
      ? h('p', { class: 'muted' }, locale.t('noHistory'))
      : h('ul', { class: 'list history' }, ...items.map((item) => {
        const order = orderOf(item.reference);
        const details = [order && locale.t('order', { order }), locale.date(item.createdAt)].filter(Boolean).join(' · ');
        const delta = shopperDelta(item.kind, item.points);
        return h('li', { 'data-testid': 'pontua-history-item', 'data-kind': item.kind },
          h('span', null, h('span', null, locale.historyKind(item.kind)), h('br', null), h('span', { class: 'muted' }, details)),
          delta === null
            ? h('span', { class: 'muted' }, locale.points(Math.abs(item.points)))
            : h('span', { class: delta < 0 ? 'minus' : 'plus' }, locale.signedPoints(delta)));
      })),
    !compact && state.historyCursor && h('div', { class: 'actions' },
      h('button', {
        type: 'button', class: 'btn secondary', 'data-testid': 'pontua-history-more', 'data-focus': 'more-history',
        'aria-disabled': state.historyLoading ? 'true' : 'false', onclick: () => void controller.loadMoreHistory(),
      }, state.historyLoading ? locale.t('loading') : locale.t('moreHistory'))));
}

export function earnSection({ program, locale }: ViewContext): HTMLElement {
  const { pointsPerCurrencyUnit, creditDelayDays } = program.earning;
  return h('section', { 'aria-labelledby': 'pontua-earn-title', 'data-testid': 'pontua-earn' },
    h('h3', { id: 'pontua-earn-title' }, locale.t('earnTitle')),
    h('p', null, locale.t('earnRate', { points: locale.points(pointsPerCurrencyUnit), money: locale.currencyUnit() })),
    creditDelayDays !== null && h('p', null,
      creditDelayDays > 0 ? locale.t('creditDelay', { days: locale.days(creditDelayDays) }) : locale.t('creditImmediate')));
}

export function rulesSection({ program, locale }: ViewContext): HTMLElement | null {
  if (!program.rules) return null;
  return h('section', { class: 'wide', 'aria-labelledby': 'pontua-rules-title', 'data-testid': 'pontua-rules' },
    h('h3', { id: 'pontua-rules-title' }, locale.t('rulesTitle')),
    h('p', { class: 'pre' }, program.rules));
}

/** Where a non-member goes: the program's sign-up page, or the store's login (single sign-on does the rest). */
export function joinUrl(program: ProgramInfo): { href: string; signUp: boolean } {
  const signup = safeUrl(program.signupUrl);
  if (signup) return { href: signup, signUp: true };
  // VTEX's login page is /login under the store's address (which may carry a path).
  const store = safeUrl(program.storeUrl);
  const login = store ? new URL('login', store.endsWith('/') ? store : `${store}/`) : new URL('/login', location.href);
  login.searchParams.set('returnUrl', `${location.pathname}${location.search}`);
  return { href: login.href, signUp: false };
}

export function pitchSection(context: ViewContext): HTMLElement {
  const { program, locale } = context;
  const target = joinUrl(program);
  // Without single sign-on the store's login signs nobody in here: members sign in with an e-mailed
  // code, and the sign-up page (when there is one) stays below it for non-members.
  const byCode = !program.singleSignOn;
  const link = (!byCode || target.signUp)
    && h('a', { class: byCode ? 'btn secondary' : 'btn', href: target.href, 'data-testid': 'pontua-signup', 'data-focus': 'signup' }, locale.t(target.signUp ? 'join' : 'signIn'));
  return h('section', { class: 'pitch wide', 'aria-labelledby': 'pontua-pitch-title', 'data-testid': 'pontua-pitch' },
    h('h3', { id: 'pontua-pitch-title' }, locale.t('pitchTitle', { program: program.name })),
    h('p', null, locale.t('pitchText')),
    byCode && codeSignInForm(context),
    byCode && link && h('p', { class: 'muted' }, locale.t('notMember')),
    link);
}

/**
 * Signing in with a one-time code: the e-mail, then the 6-digit code e-mailed to it, with "send
 * again" (after 30 seconds) and a way back to change the e-mail. Inputs carry data-keep, so what the
 * shopper typed survives a re-render (render.ts); a new code (`sent`) starts with an empty field.
 */
export function codeSignInForm({ state, locale, controller }: ViewContext): HTMLElement {
  const flow = state.code;
  const busy = flow.busy ? 'true' : 'false';
  const errorId = 'pontua-code-error';
  const error = flow.error && h('p', { id: errorId, class: 'error', role: 'alert', 'data-testid': 'pontua-code-error' }, codeErrorText(locale, flow.error));
  const form = (onSubmit: () => void, ...children: (Node | false | null)[]) => h('form', {
    class: 'code-form', 'aria-labelledby': 'pontua-code-title', 'aria-busy': busy, 'data-testid': 'pontua-code-form', 'data-step': flow.step,
    onsubmit: (event: Event) => {
      event.preventDefault();
      onSubmit();
    },
  }, h('h4', { id: 'pontua-code-title' }, locale.t('codeTitle')), ...children);
  const submit = (label: string, busyLabel: string, testId: string) =>
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn', 'aria-disabled': busy, 'data-testid': testId, 'data-focus': testId }, flow.busy ? busyLabel : label));

  if (flow.step === 'email') {
    const field = h('input', {
      id: 'pontua-code-email', class: 'field', type: 'email', name: 'email', autocomplete: 'email', required: true, maxlength: 254, spellcheck: 'false',
      value: flow.email, 'aria-invalid': error && flow.error?.status === 400 ? 'true' : null, 'aria-describedby': error ? errorId : null,
      'data-testid': 'pontua-code-email', 'data-focus': 'code-email', 'data-keep': 'email',
    });
    return form(() => void controller.sendCode(field.value),
      h('p', { class: 'muted' }, locale.t('codeIntro')),
      h('label', { for: 'pontua-code-email' }, locale.t('codeEmail')), field, error,
      submit(locale.t('codeSend'), locale.t('codeSending'), 'pontua-code-send'));
  }

  const field = h('input', {
    id: 'pontua-code-input', class: 'field digits', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', required: true,
    'aria-invalid': error && flow.error?.status === 401 ? 'true' : null, 'aria-describedby': error ? `pontua-code-sent ${errorId}` : 'pontua-code-sent',
    'data-testid': 'pontua-code-input', 'data-focus': 'code-input', 'data-keep': `code:${flow.sent}`, oninput: onlyDigits,
  });
  return form(() => void controller.verifyCode(field.value),
    h('p', { id: 'pontua-code-sent' }, locale.t('codeSent', { email: flow.email })),
    h('label', { for: 'pontua-code-input' }, locale.t('codeLabel')), field, error,
    submit(locale.t('codeVerify'), locale.t('codeVerifying'), 'pontua-code-verify'),
    h('div', { class: 'actions' },
      h('button', {
        type: 'button', class: 'link', disabled: !flow.canResend, 'aria-disabled': busy, 'aria-describedby': flow.canResend ? null : 'pontua-code-wait',
        'data-testid': 'pontua-code-resend', 'data-focus': 'code-resend', onclick: () => void controller.resendCode(),
      }, locale.t('codeResend')),
      h('button', {
        type: 'button', class: 'link', 'aria-disabled': busy, 'data-testid': 'pontua-code-change', 'data-focus': 'code-change', onclick: () => controller.changeEmail(),
      }, locale.t('codeChangeEmail'))),
    !flow.canResend && h('p', { id: 'pontua-code-wait', class: 'muted' }, locale.t('codeResendWait')));
}

/** 400: the e-mail; 401: the code (one message for wrong, expired, used, too many tries); 429: wait. */
export function codeErrorText(locale: Locale, error: ApiFailure): string {
  if (error.status === 400) return locale.t('codeEmailInvalid');
  if (error.status === 401) return locale.t('codeWrong');
  if (error.status === 429) return locale.error('RATE_LIMITED');
  return locale.error(error.code);
}

/** The code field keeps digits only: a pasted "123 456" or "Your code: 123456" becomes 123456. */
function onlyDigits(event: Event): void {
  const field = event.target as HTMLInputElement;
  const digits = field.value.replace(/\D/g, '').slice(0, 6);
  if (digits !== field.value) field.value = digits;
}
