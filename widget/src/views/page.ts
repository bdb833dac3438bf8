// Page mode: the program's whole page in the store — how to earn, the rewards catalog, history and
// the member's coupons; for non-members, the program's pitch and the way to join (or to sign in with
// an e-mailed code, for programs without single sign-on).
import type { CodeSignIn, Phase, RedeemFlow, WidgetController, WidgetState } from '../controller';
import { h } from '../dom';
import { languageOf, localeFor, TEXTS } from '../i18n';
import { BASE_CSS, themeCss } from '../styles';
import { focusAfterCodeChange, focusAfterFlowChange } from './focus';
import { announceCodeResent, liveRegion, replaceKeepingFocus } from './render';
import {
  balanceSection, couponsSection, earnSection, greeting, historySection, memberErrorBanner, pitchSection, programLogo, rewardsSection, rulesSection,
  type ViewContext,
} from './sections';

export class PageView {
  private readonly theme = h('style', null);
  private readonly container: HTMLElement;
  private readonly live = liveRegion();
  private previousFlow: RedeemFlow | null = null;
  private previous: { phase: Phase; code: CodeSignIn } | null = null;

  constructor(private readonly root: ShadowRoot, private readonly controller: WidgetController) {
    this.container = h('section', { class: 'page', 'aria-labelledby': 'pontua-page-title', 'data-testid': 'pontua-page' });
    root.replaceChildren(h('style', null, BASE_CSS), this.theme, this.container, this.live.element);
  }

  render(state: WidgetState): void {
    const program = state.program;
    this.container.setAttribute('aria-busy', state.phase === 'loading' ? 'true' : 'false');
    if (!program) {
      // Before the program is known there is no language yet: the store's default (pt-BR).
      const texts = TEXTS['pt-BR'];
      const nodes = state.phase === 'unavailable'
        ? [h('p', { id: 'pontua-page-title', role: 'alert', 'data-testid': 'pontua-error' }, texts.unavailable),
          h('button', { type: 'button', class: 'btn secondary', 'data-testid': 'pontua-retry', 'data-focus': 'retry', onclick: () => void this.controller.retry() }, texts.retry)]
        : [h('p', { id: 'pontua-page-title', role: 'status' }, texts.loading)];
      replaceKeepingFocus(this.root, this.container, [h('div', { class: 'body' }, ...nodes)]);
      return;
    }
    const locale = localeFor(languageOf(program.language), program);
    this.theme.textContent = themeCss(program.theme.color);
    this.container.lang = locale.language;
    const context: ViewContext = { state, program, locale, controller: this.controller, announce: this.live.announce, compact: false };
    let sections: (HTMLElement | null)[];
    if (state.phase === 'loading') sections = [h('p', { role: 'status' }, locale.t('loading'))];
    else if (state.phase === 'anonymous') sections = [pitchSection(context), earnSection(context), rulesSection(context)];
    else {
      sections = [
        memberErrorBanner(context), balanceSection(context), earnSection(context), rewardsSection(context), couponsSection(context), historySection(context),
        rulesSection(context),
      ];
    }
    const header = h('div', { class: 'header' }, programLogo(program), h('h2', { id: 'pontua-page-title' }, program.name),
      state.phase === 'member' ? greeting(context) : null);
    const previous = this.previous ?? state;
    const focus = focusAfterFlowChange(this.previousFlow, state.redeem) ?? focusAfterCodeChange(previous, state);
    announceCodeResent(previous, state, locale, this.live.announce);
    this.previousFlow = state.redeem;
    this.previous = state;
    replaceKeepingFocus(this.root, this.container, [header, h('div', { class: 'body' }, ...sections)], { focus });
  }

  destroy(): void {}
}
