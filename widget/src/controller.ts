// The widget's state and what the shopper can do, without the DOM: load the program, sign in,
// load the member's balance, rewards, coupons and history, and redeem in two steps (confirm, then
// send with one Idempotency-Key per attempt to redeem). Views render the state and call these.
import { redeemWithRetries, type ApiFailure, type StorefrontApi } from './api';
import type { Account, HistoryItem, ProgramInfo, Redemption, RewardOffer } from './contract';
import type { MemberSession } from './session';

export type Phase = 'loading' | 'unavailable' | 'anonymous' | 'member';

export type RedeemFlow =
  /** Asking the shopper to confirm; `error` after retryable failures (trying again keeps the key). */
  | { step: 'confirm'; reward: RewardOffer; idempotencyKey: string; error: ApiFailure | null }
  | { step: 'sending'; reward: RewardOffer; idempotencyKey: string }
  /** The server said no (409 …): nothing was held; a new attempt gets a new key. */
  | { step: 'refused'; reward: RewardOffer; error: ApiFailure }
  | { step: 'done'; reward: RewardOffer; redemption: Redemption };

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
}

export interface ControllerDeps {
  api: StorefrontApi;
  session: Pick<MemberSession, 'start' | 'signIn' | 'token' | 'signOut' | 'stop'>;
  newIdempotencyKey: () => string;
  now: () => number;
  /** Waits between redemption retries and coupon checks (tests pass one that resolves at once). */
  wait: (ms: number) => Promise<void>;
}

/** Opening the panel reloads the member's data when older than this. */
const STALE_AFTER_MS = 30_000;
/** While VTEX is slow to issue a coupon, look for it in "my coupons" after these waits. */
const ISSUING_CHECKS_MS = [3_000, 10_000, 30_000];

const INITIAL: WidgetState = {
  phase: 'loading', program: null, account: null, rewards: [], coupons: [], history: [], historyCursor: null,
  historyLoading: false, memberError: null, redeem: null,
};

export class WidgetController {
  private current: WidgetState = INITIAL;
  private readonly listeners = new Set<(state: WidgetState) => void>();
  private stopped = false;
  private loadedAt = 0;
  private signInTriedAt = 0;
  /** Answers to an older load are dropped. */
  private generation = 0;

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
    this.deps.session.stop();
  }

  /** The session ended (token refused or expired): back to the program's pitch. */
  signedOut(): void {
    this.generation++;
    this.update({ phase: 'anonymous', account: null, rewards: [], coupons: [], history: [], historyCursor: null, memberError: null, redeem: null });
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

  private update(patch: Partial<WidgetState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }
}
