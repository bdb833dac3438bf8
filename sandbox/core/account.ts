// One VTEX account: its app keys, its data (customers, SKUs, orders), its faults and what it
// received. Areas keep their own per-account state through `state(key)` so that adding an
// area never means editing this class.

import { randomBytes } from 'node:crypto';
import { CustomerStore } from '../data/customers';
import { OrderStore } from '../data/order-store';
import { SkuCatalog } from '../data/sku-catalog';
import { FaultInjector } from './faults';
import type { LicenseResource } from './license-resources';
import { RingBuffer } from './ring-buffer';

export interface AppKey {
  appKey: string;
  appToken: string;
  resources: ReadonlySet<LicenseResource>;
}

export interface RequestRecord {
  at: string;
  method: string;
  url: string;
  status: number;
  appKey: string | null;
  durationMs: number;
}

/** A typed slot for an area's per-account state, created on first use. */
export class AccountStateKey<T> {
  constructor(readonly name: string, readonly create: (account: Account) => T) {}
}

export const REQUEST_LOG_SIZE = 2000;

export class Account {
  readonly appKeys = new Map<string, AppKey>();
  readonly customers: CustomerStore;
  readonly catalog: SkuCatalog;
  readonly orders: OrderStore;
  readonly faults: FaultInjector;
  readonly requests = new RingBuffer<RequestRecord>(REQUEST_LOG_SIZE);
  /** VTEX API requests being answered now, and the most at once since the peak was last reset. */
  inFlight = 0;
  peakInFlight = 0;
  private readonly areaStates = new Map<AccountStateKey<unknown>, unknown>();

  constructor(readonly name: string, readonly seed: number) {
    this.customers = new CustomerStore(seed);
    this.catalog = new SkuCatalog(seed, name);
    this.orders = new OrderStore(seed, this.catalog);
    this.faults = new FaultInjector(seed);
  }

  requestStarted(): void {
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
  }

  requestEnded(): void {
    this.inFlight -= 1;
  }

  state<T>(key: AccountStateKey<T>): T {
    if (!this.areaStates.has(key)) this.areaStates.set(key, key.create(this));
    // The map is only ever filled by the line above with key.create's result.
    return this.areaStates.get(key) as T;
  }

  forEachState(visit: (state: unknown) => void): void {
    for (const state of this.areaStates.values()) visit(state);
  }

  addAppKey(resources: Iterable<LicenseResource>, appKey?: string, appToken?: string): AppKey {
    const key: AppKey = {
      appKey: appKey ?? `vtexappkey-${this.name}-${randomBytes(3).toString('hex').toUpperCase()}`,
      appToken: appToken ?? randomBytes(48).toString('base64url').toUpperCase(),
      resources: new Set(resources),
    };
    this.appKeys.set(key.appKey, key);
    return key;
  }

  /** Constant-time enough for a sandbox; exact match on both values. */
  authenticate(appKey: string | undefined, appToken: string | undefined): AppKey | undefined {
    if (!appKey || !appToken) return undefined;
    const key = this.appKeys.get(appKey);
    return key && key.appToken === appToken ? key : undefined;
  }
}

/** Lets area state objects release timers when their account is reset or the sandbox closes. */
export interface Disposable {
  dispose(): void;
}

function isDisposable(value: unknown): value is Disposable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Disposable>).dispose === 'function';
}

export function disposeAccount(account: Account): void {
  account.forEachState((state) => {
    if (isDisposable(state)) state.dispose();
  });
}
