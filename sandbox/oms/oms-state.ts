// Per-account OMS state: one hook and one feed per app key (VTEX-API.md §4.4), the hook
// deliverer, and the cache of List orders summaries. Order changes fan out from here.

import { randomBytes } from 'node:crypto';
import { AccountStateKey, type Account } from '../core/account';
import type { SandboxContext } from '../core/area';
import type { OrderChange } from '../data/order-store';
import { filterAccepts, type EventFilter } from './event-filter';
import type { FeedQueue } from './feed-queue';
import { HookDeliverer } from './hook-deliverer';
import type { QuerySummary } from './order-query';
import { renderOrder } from './render-order';
import { eventDate } from './vtex-dates';

export interface HookConfig {
  filter: EventFilter;
  url: string;
  headers: Record<string, string>;
  firedOrders: Set<string>;
}

const SUMMARY_CACHE_SIZE = 64;

export class OmsState {
  readonly hooks = new Map<string, HookConfig>();
  readonly feeds = new Map<string, FeedQueue>();
  readonly deliverer: HookDeliverer;
  private readonly summaries = new Map<string, { version: number; summary: QuerySummary }>();

  constructor(private readonly account: Account, private readonly ctx: SandboxContext) {
    this.deliverer = new HookDeliverer(ctx.settings, account.faults);
  }

  cachedSummary(key: string, compute: () => QuerySummary): QuerySummary {
    const version = this.account.orders.version;
    const hit = this.summaries.get(key);
    if (hit && hit.version === version) return hit.summary;
    const summary = compute();
    if (this.summaries.size >= SUMMARY_CACHE_SIZE) {
      const oldest = this.summaries.keys().next().value;
      if (oldest !== undefined) this.summaries.delete(oldest);
    }
    this.summaries.set(key, { version, summary });
    return summary;
  }

  onOrderChange(change: OrderChange): void {
    if (this.hooks.size === 0 && this.feeds.size === 0) return;
    let document: unknown;
    const orderDocument = (): unknown => {
      if (document === undefined) {
        const facts = this.account.orders.facts(change.index);
        document = facts ? renderOrder(this.account, facts, this.account.orders.state(change.index, facts)) : {};
      }
      return document;
    };
    for (const [appKey, hook] of this.hooks) {
      if (!filterAccepts(hook.filter, change, orderDocument, hook.firedOrders)) continue;
      this.deliverer.notify({ appKey, url: hook.url, headers: hook.headers }, {
        Domain: 'Marketplace',
        OrderId: change.orderId,
        State: change.to,
        LastState: change.from,
        LastChange: eventDate(change.lastChangeMs),
        CurrentChange: eventDate(change.currentChangeMs),
        Origin: { Account: this.account.name, Key: appKey },
      });
    }
    const nowMs = this.ctx.clock.now();
    for (const feed of this.feeds.values()) {
      if (!filterAccepts(feed.filter, change, orderDocument, feed.firedOrders)) continue;
      feed.push({
        eventId: randomBytes(16).toString('hex').toUpperCase(),
        domain: 'Marketplace',
        state: change.to,
        lastState: change.from,
        orderId: change.orderId,
        lastChange: eventDate(change.lastChangeMs),
        currentChange: eventDate(change.currentChangeMs),
      }, nowMs);
    }
  }

  dispose(): void {
    this.deliverer.dispose();
  }
}

/** The OMS state of an account; created, and wired to order changes, on first use. */
export function omsStateKey(ctx: SandboxContext): AccountStateKey<OmsState> {
  let key = keys.get(ctx);
  if (!key) {
    key = new AccountStateKey('oms', (account) => new OmsState(account, ctx));
    keys.set(ctx, key);
  }
  return key;
}

const keys = new WeakMap<SandboxContext, AccountStateKey<OmsState>>();
