// Launcher mode: a floating button (bottom-right) with the balance — the program's name for
// non-members — that opens the panel: a modal dialog that keeps focus inside, closes on Esc or
// outside, and gives focus back to the button.
import type { CodeSignIn, Phase, RedeemFlow, WidgetController, WidgetState } from '../controller';
import { append, h } from '../dom';
import { languageOf, localeFor } from '../i18n';
import { BASE_CSS, themeCss } from '../styles';
import { focusAfterCodeChange, focusAfterFlowChange } from './focus';
import { announceCodeResent, liveRegion, replaceKeepingFocus } from './render';
import { balanceSection, couponsSection, earnSection, greeting, historySection, memberErrorBanner, pitchSection, programLogo, rewardsSection, type ViewContext } from './sections';

export class LauncherView {
  private readonly theme = h('style', null);
  private readonly button: HTMLButtonElement;
  private readonly backdrop: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly header: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly closeButton: HTMLButtonElement;
  private readonly content: HTMLElement;
  private readonly live = liveRegion();
  private opened = false;
  private previousFlow: RedeemFlow | null = null;
  private previous: { phase: Phase; code: CodeSignIn } | null = null;

  constructor(private readonly root: ShadowRoot, private readonly controller: WidgetController) {
    this.button = h('button', {
      type: 'button', class: 'launcher', hidden: true, 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': 'pontua-panel',
      'data-testid': 'pontua-launcher', onclick: () => (this.opened ? this.close() : this.open()),
    });
    this.backdrop = h('div', { class: 'backdrop', hidden: true, onclick: () => this.close() });
    this.title = h('h2', { id: 'pontua-panel-title', tabindex: -1 });
    this.closeButton = h('button', { type: 'button', class: 'close', 'data-testid': 'pontua-close', onclick: () => this.close() }, '×');
    this.header = h('div', { class: 'header' });
    this.content = h('div', { class: 'body' });
    this.panel = h('div', {
      id: 'pontua-panel', class: 'panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'pontua-panel-title', hidden: true, 'data-testid': 'pontua-panel',
    }, this.header, this.content);
    root.replaceChildren(h('style', null, BASE_CSS), this.theme, this.button, this.backdrop, this.panel, this.live.element);
    root.addEventListener('keydown', this.onKeydown);
  }

  render(state: WidgetState): void {
    const program = state.program;
    if (!program || state.phase === 'unavailable') {
      // A program that cannot be shown puts nothing on the store.
      this.button.hidden = true;
      if (this.opened) this.close(false);
      return;
    }
    const locale = localeFor(languageOf(program.language), program);
    this.theme.textContent = themeCss(program.theme.color);
    this.button.lang = this.panel.lang = locale.language;
    const balance = state.phase === 'member' && state.account ? locale.points(state.account.balance.available) : null;
    this.button.replaceChildren(...(balance ? [h('span', { class: 'sr-only' }, `${program.name}: `), balance] : [program.name]));
    this.button.hidden = false;
    this.title.textContent = program.name;
    this.closeButton.setAttribute('aria-label', locale.t('close'));
    this.header.replaceChildren();
    append(this.header, [programLogo(program), this.title, this.closeButton]);

    const context: ViewContext = { state, program, locale, controller: this.controller, announce: this.live.announce, compact: true };
    let nodes: (HTMLElement | null)[];
    if (state.phase === 'loading') nodes = [h('p', { role: 'status' }, locale.t('loading'))];
    else if (state.phase === 'anonymous') nodes = [pitchSection(context), earnSection(context)];
    else {
      nodes = [memberErrorBanner(context), greeting(context), balanceSection(context), rewardsSection(context), couponsSection(context), historySection(context)];
    }
    const previous = this.previous ?? state;
    const focus = this.opened ? focusAfterFlowChange(this.previousFlow, state.redeem) ?? focusAfterCodeChange(previous, state) : null;
    announceCodeResent(previous, state, locale, this.live.announce);
    this.previousFlow = state.redeem;
    this.previous = state;
    replaceKeepingFocus(this.root, this.content, nodes.filter((node): node is HTMLElement => node !== null), { focus, fallback: this.title });
  }

  destroy(): void {
    this.root.removeEventListener('keydown', this.onKeydown);
  }

  private open(): void {
    this.opened = true;
    this.button.setAttribute('aria-expanded', 'true');
    this.panel.hidden = false;
    this.backdrop.hidden = false;
    this.title.focus();
    void this.controller.panelOpened();
  }

  private close(returnFocus = true): void {
    this.opened = false;
    this.button.setAttribute('aria-expanded', 'false');
    this.panel.hidden = true;
    this.backdrop.hidden = true;
    this.controller.closeRedeem();
    if (returnFocus) this.button.focus();
  }

  private readonly onKeydown = (event: Event): void => {
    if (!this.opened || !(event instanceof KeyboardEvent)) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return;
    }
    if (event.key !== 'Tab') return;
    // Focus stays in the dialog: Tab past the last control goes to the first, Shift+Tab the other way.
    const focusable = [...this.panel.querySelectorAll<HTMLElement>('a[href],button,input,[tabindex]:not([tabindex="-1"])')]
      .filter((element) => element.getClientRects().length > 0);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    const active = this.root.activeElement;
    const inside = active !== null && this.panel.contains(active);
    const position = (element: HTMLElement) => (active ? active.compareDocumentPosition(element) : 0);
    if (event.shiftKey && (!inside || !focusable.some((element) => position(element) & Node.DOCUMENT_POSITION_PRECEDING))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (!inside || !focusable.some((element) => position(element) & Node.DOCUMENT_POSITION_FOLLOWING))) {
      event.preventDefault();
      first.focus();
    }
  };
}
