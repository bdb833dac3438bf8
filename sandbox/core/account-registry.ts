// All accounts the sandbox serves, by name. Areas subscribe to account creation to wire their
// per-account machinery (e.g. OMS listens to order changes to send hooks and feed events).

import { Account, disposeAccount } from './account';

export class AccountRegistry {
  private readonly accounts = new Map<string, Account>();
  private readonly createdListeners: ((account: Account) => void)[] = [];

  onAccountCreated(listener: (account: Account) => void): void {
    this.createdListeners.push(listener);
  }

  get(name: string): Account | undefined {
    return this.accounts.get(name);
  }

  list(): Account[] {
    return [...this.accounts.values()];
  }

  /** Undefined when the name is taken. */
  create(name: string, seed: number): Account | undefined {
    if (this.accounts.has(name)) return undefined;
    const account = new Account(name, seed);
    this.accounts.set(name, account);
    for (const listener of this.createdListeners) listener(account);
    return account;
  }

  /** Drops data, configs, faults and logs; keeps the app keys so clients keep working. */
  reset(name: string): Account | undefined {
    const old = this.accounts.get(name);
    if (!old) return undefined;
    disposeAccount(old);
    this.accounts.delete(name);
    const fresh = this.create(name, old.seed);
    for (const key of old.appKeys.values()) fresh?.appKeys.set(key.appKey, key);
    return fresh;
  }

  delete(name: string): boolean {
    const account = this.accounts.get(name);
    if (!account) return false;
    disposeAccount(account);
    return this.accounts.delete(name);
  }

  clear(): void {
    for (const account of this.accounts.values()) disposeAccount(account);
    this.accounts.clear();
  }
}

export const ACCOUNT_NAME = /^[a-z][a-z0-9]{2,39}$/;
