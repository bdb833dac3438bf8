// The widget's state and what the shopper can do, without the DOM: load the program, sign in (by
// single sign-on, or by a code e-mailed to the member when the program has none), load the member's
// balance, rewards, coupons and history, and redeem in two steps (confirm, then send with one
// Idempotency-Key per attempt to redeem). Views render the state and call these.
import { redeemWithRetries, type ApiFailure, type StorefrontApi } from './api';
import type { Account, HistoryItem, ProgramInfo, Redemption, RewardOffer } from './contract';
import type { MemberSession, Timers } from './session';

export type Phase = 'loading' | 'unavailable' | 'anonymous' | 'member';

export type RedeemFlow =
  /** Asking the shopper to confirm; `error` after retryable failures (trying again keeps the key). */
  | { step: 'confirm'; reward: RewardOffer; idempotencyKey: string; error: ApiFailure | null }
  | { step: 'sending'; reward: RewardOffer; idempotencyKey: string }
  /** The server said no (409 …): nothing was held; a new attempt gets a new key. */
  | { step: 'refused'; reward: RewardOffer; error: ApiFailure }
  | { step: 'done'; reward: RewardOffer; redemption: Redemption };

/** Signing in with a one-time code (programs without single sign-on): the e-mail, then the code. */
export interface CodeSignIn {
  step: 'email' | 'code';
  /** The address the code was (or is being) asked for. */
  email: string;
  /** A request is on its way: sending, sending again or verifying. */
  busy: boolean;
  /** The last request's failure: 400 the e-mail, 401 the code, 429 too soon, or no answer. */
  error: ApiFailure | null;
  /** "Send again" is offered: the server e-mails a new code at most every 30 seconds. */
  canResend: boolean;
  /** Codes asked for this e-mail so far (a new one makes the previous one useless). */
  sent: number;
}

export interface WidgetState {
  phase: Phase;
  program: ProgramInfo | null;
  account: Account | null;
  rewards: RewardOffer[];
  coupons: Redemption[];
  history: HistoryItem[];
  historyCursor: string | null;
  historyLoading: boolean;
  /** Loading the member's data (or more history) failed; the view offers to try again. */
  memberError: ApiFailure | null;
  redeem: RedeemFlow | null;
  code: CodeSignIn;
}

export interface ControllerDeps {
  api: StorefrontApi;
  session: Pick<MemberSession, 'start' | 'signIn' | 'adopt' | 'token' | 'signOut' | 'stop'>;
  newIdempotencyKey: () => string;
  now: () => number;
  /** Waits between redemption retries and coupon checks (tests pass one that resolves at once). */
  wait: (ms: number) => Promise<void>;
  /** For the one-time code's "send again" delay (tests pass a fake clock's). */
  timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
}

/** Opening the panel reloads the member's data when older than this. */
const STALE_AFTER_MS = 30_000;
/** While VTEX is slow to issue a coupon, look for it in "my coupons" after these waits. */
const ISSUING_CHECKS_MS = [3_000, 10_000, 30_000];
/** The server e-mails a new one-time code at most this often: "send again" waits as long. */
export const RESEND_AFTER_MS = 30_000;

const NO_CODE: CodeSignIn = { step: 'email', email: '', busy: false, error: null, canResend: false, sent: 0 };

const INITIAL: WidgetState = {
  phase: 'loading', program: null, account: null, rewards: [], coupons: [], history: [], historyCursor: null,
  historyLoading: false, memberError: null, redeem: null, code: NO_CODE,
};

export class WidgetController {
  private current: WidgetState = INITIAL;
  private readonly listeners = new Set<(state: WidgetState) => void>();
  private stopped = false;
  private loadedAt = 0;
  private signInTriedAt = 0;
  /** Answers to an older load are dropped. */
  private generation = 0;
  /** Likewise for the one-time code's requests (the shopper went back to change the e-mail…). */
  private codeGeneration = 0;
  private resendTimer: unknown = null;

  constructor(private readonly deps: ControllerDeps) {}

  get state(): WidgetState {
    return this.current;
  }

  subscribe(listener: (state: WidgetState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.update({ ...INITIAL });
    const program = await this.deps.api.program();
    if (this.stopped) return;
    if (!program.ok) {
      this.update({ phase: 'unavailable' });
      return;
    }
    this.update({ program: program.value });
    this.signInTriedAt = this.deps.now();
    const signedIn = await this.deps.session.start(program.value);
    if (this.stopped) return;
    if (signedIn) await this.loadMember();
    else this.update({ phase: 'anonymous' });
  }

  stop(): void {
    this.stopped = true;
    this.resetCode();
    this.deps.session.stop();
  }

  /** The session ended (token refused or expired): back to the program's pitch. */
  signedOut(): void {
    this.generation++;
    this.resetCode();
    this.update({
      phase: 'anonymous', account: null, rewards: [], coupons: [], history: [], historyCursor: null, memberError: null, redeem: null, code: NO_CODE,
    });
  }

  /** Asks the server to e-mail a one-time code to `email` (it answers the same whether or not it is a member's). */
  async sendCode(email: string): Promise<void> {
    const current = this.current.code;
    if (this.current.phase !== 'anonymous' || current.busy) return;
    const address = email.trim();
    const generation = ++this.codeGeneration;
    this.update({ code: { ...current, step: 'email', email: address, busy: true, error: null } });
    const answer = await this.deps.api.requestLoginCode(address);
    if (this.stopped || generation !== this.codeGeneration) return;
    if (!answer.ok) return this.update({ code: { ...this.current.code, busy: false, error: answer.error } });
    this.update({ code: { step: 'code', email: address, busy: false, error: null, canResend: false, sent: 1 } });
    this.waitToResend(RESEND_AFTER_MS);
  }

  /** "Send again": a new code to the same e-mail, once the 30 seconds have passed. */
  async resendCode(): Promise<void> {
    const current = this.current.code;
    if (this.current.phase !== 'anonymous' || current.step !== 'code' || current.busy || !current.canResend) return;
    const generation = ++this.codeGeneration;
    this.update({ code: { ...current, busy: true, error: null } });
    const answer = await this.deps.api.requestLoginCode(current.email);
    if (this.stopped || generation !== this.codeGeneration) return;
    const code = this.current.code;
    if (answer.ok) {
      this.update({ code: { ...code, busy: false, error: null, canResend: false, sent: code.sent + 1 } });
      this.waitToResend(RESEND_AFTER_MS);
    } else if (answer.error.status === 429) {
      this.update({ code: { ...code, busy: false, error: answer.error, canResend: false } });
      this.waitToResend(Math.max(RESEND_AFTER_MS, (answer.error.retryAfterSeconds ?? 0) * 1000));
    } else {
      this.update({ code: { ...code, busy: false, error: answer.error } });
    }
  }

  /** Signs in with the e-mailed code: the token is adopted like single sign-on's, then the member's data is loaded. */
  async verifyCode(code: string): Promise<void> {
    const current = this.current.code;
    if (this.current.phase !== 'anonymous' || current.step !== 'code' || current.busy) return;
    const generation = ++this.codeGeneration;
    this.update({ code: { ...current, busy: true, error: null } });
    const answer = await this.deps.api.verifyLoginCode(current.email, code.trim());
    // A code works once: its token is kept even if the widget left the page meanwhile (the next page uses it).
    if (answer.ok) this.deps.session.adopt(answer.value);
    if (this.stopped || generation !== this.codeGeneration) return;
    if (!answer.ok) return this.update({ code: { ...this.current.code, busy: false, error: answer.error } });
    await this.loadMember();
    if (this.stopped || generation !== this.codeGeneration) return;
    this.resetCode();
    this.update({ code: NO_CODE });
  }

  /** Back from the code to the e-mail (a typo, another address); the e-mail stays filled in. */
  changeEmail(): void {
    const current = this.current.code;
    if (current.step !== 'code' || current.busy) return;
    this.resetCode();
    this.update({ code: { ...NO_CODE, email: current.email } });
  }

  /** "Try again" after a failure to load. */
  async retry(): Promise<void> {
    if (this.current.phase === 'unavailable') await this.start();
    else if (this.current.phase === 'member') await this.loadMember();
  }

  /** The launcher's panel opened: fresh numbers, and another try at signing in (the shopper may have logged in since). */
  async panelOpened(): Promise<void> {
    const { phase, program } = this.current;
    const now = this.deps.now();
    if (phase === 'member' && now - this.loadedAt > STALE_AFTER_MS) await this.loadMember();
    if (phase === 'anonymous' && program?.singleSignOn && now - this.signInTriedAt > STALE_AFTER_MS) {
      this.signInTriedAt = now;
      if (await this.deps.session.signIn(program)) await this.loadMember();
    }
  }

  async loadMember(canSignInAgain = true): Promise<void> {
    const generation = ++this.generation;
    const token = await this.deps.session.token();
    if (this.stopped || generation !== this.generation) return;
    if (!token) {
      this.signedOut();
      return;
    }
    const [account, rewards, coupons, history] = await Promise.all([
      this.deps.api.account(token), this.deps.api.rewards(token), this.deps.api.coupons(token), this.deps.api.history(token, null),
    ]);
    if (this.stopped || generation !== this.generation) return;
    const answers = [account, rewards, coupons, history];
    if (answers.some((answer) => !answer.ok && answer.error.code === 'UNAUTHORIZED')) {
      // The token is refused (another server key, member blocked…): drop it; single sign-on may give a new one.
      this.deps.session.signOut();
      const program = this.current.program;
      if (canSignInAgain && program && (await this.deps.session.signIn(program))) await this.loadMember(false);
      else this.signedOut();
      return;
    }
    if (!account.ok) {
      this.update({ phase: 'member', memberError: account.error });
      return;
    }
    this.loadedAt = this.deps.now();
    const failed = answers.find((answer) => !answer.ok);
    this.update({
      phase: 'member',
      account: account.value,
      rewards: rewards.ok ? rewards.value.items : this.current.rewards,
      coupons: coupons.ok ? coupons.value.items : this.current.coupons,
      history: history.ok ? history.value.items : this.current.history,
      historyCursor: history.ok ? history.value.nextCursor : this.current.historyCursor,
      memberError: failed && !failed.ok ? failed.error : null,
    });
  }

  async loadMoreHistory(): Promise<void> {
    const { historyCursor, historyLoading } = this.current;
    if (!historyCursor || historyLoading) return;
    this.update({ historyLoading: true });
    const token = await this.deps.session.token();
    const page = token ? await this.deps.api.history(token, historyCursor) : null;
    if (this.stopped) return;
    if (!page) return this.signedOut();
    if (!page.ok) return this.update({ historyLoading: false, memberError: page.error });
    this.update({ historyLoading: false, history: [...this.current.history, ...page.value.items], historyCursor: page.value.nextCursor });
  }

  askToRedeem(rewardId: string): void {
    if (this.current.redeem?.step === 'sending') return;
    const reward = this.current.rewards.find((offer) => offer.id === rewardId);
    if (!reward?.canRedeem) return;
    this.update({ redeem: { step: 'confirm', reward, idempotencyKey: this.deps.newIdempotencyKey(), error: null } });
  }

  /** Leaves the redemption (confirmation, refusal or result); not while it is being sent. */
  closeRedeem(): void {
    if (this.current.redeem?.step === 'sending') return;
    this.update({ redeem: null });
  }

  async confirmRedeem(): Promise<void> {
    const flow = this.current.redeem;
    if (flow?.step !== 'confirm') return;
    const { reward, idempotencyKey } = flow;
    this.update({ redeem: { step: 'sending', reward, idempotencyKey } });
    const token = await this.deps.session.token();
    if (this.stopped) return;
    if (!token) return this.signedOut();
    const result = await redeemWithRetries(this.deps.api, token, reward.id, idempotencyKey, { wait: this.deps.wait });
    if (this.stopped) return;
    if (result.ok) {
      this.update({ redeem: { step: 'done', reward, redemption: result.value } });
      await this.loadMember();
      if (result.value.status === 'issuing') await this.watchIssuing(result.value.id);
      return;
    }
    if (result.error.code === 'UNAUTHORIZED') {
      this.deps.session.signOut();
      return this.signedOut();
    }
    if (result.error.retryable) {
      // The outcome is unknown: trying again must send the same key, so the server answers the
      // redemption it may already have made.
      this.update({ redeem: { step: 'confirm', reward, idempotencyKey, error: result.error } });
      return;
    }
    this.update({ redeem: { step: 'refused', reward, error: result.error } });
    await this.loadMember();
  }

  /** A coupon VTEX was slow to issue (`issuing`): show it in the result once it appears in "my coupons". */
  private async watchIssuing(redemptionId: string): Promise<void> {
    for (const ms of ISSUING_CHECKS_MS) {
      await this.deps.wait(ms);
      const flow = this.current.redeem;
      if (this.stopped || flow?.step !== 'done' || flow.redemption.id !== redemptionId) return;
      const token = await this.deps.session.token();
      const coupons = token ? await this.deps.api.coupons(token) : null;
      if (!coupons?.ok) continue;
      const issued = coupons.value.items.find((coupon) => coupon.id === redemptionId && coupon.couponCode);
      const still = this.current.redeem;
      if (still?.step !== 'done' || still.redemption.id !== redemptionId) return;
      this.update({ coupons: coupons.value.items, ...(issued ? { redeem: { ...still, redemption: issued } } : {}) });
      if (issued) return;
    }
  }

  private waitToResend(ms: number): void {
    if (this.resendTimer !== null) this.deps.timers.clearTimeout(this.resendTimer);
    this.resendTimer = this.deps.timers.setTimeout(() => {
      this.resendTimer = null;
      const code = this.current.code;
      if (!this.stopped && code.step === 'code') this.update({ code: { ...code, canResend: true } });
    }, ms);
  }

  /** Forgets the code flow's pending answers and timer. */
  private resetCode(): void {
    this.codeGeneration++;
    if (this.resendTimer !== null) this.deps.timers.clearTimeout(this.resendTimer);
    this.resendTimer = null;
  }

  private update(patch: Partial<WidgetState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }
}
