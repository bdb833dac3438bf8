// Sends order hook notifications the way VTEX does: POST JSON with the configured headers,
// success only on 200 within the timeout, otherwise retried on a geometric schedule. Faults
// can drop, duplicate or hold back (reorder) a notification. Every attempt is recorded.

import type { HookRetryPolicy, SandboxSettings } from '../core/area';
import type { FaultInjector } from '../core/faults';
import { RingBuffer } from '../core/ring-buffer';

export interface HookTarget {
  appKey: string;
  url: string;
  headers: Record<string, string>;
}

export interface HookAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface HookDeliveryRecord {
  id: number;
  kind: 'ping' | 'notification';
  appKey: string;
  url: string;
  body: Record<string, unknown>;
  attempts: HookAttempt[];
  outcome: 'pending' | 'delivered' | 'failed' | 'dropped' | 'held';
  /** Set on the extra copy a duplicate fault sends. */
  duplicateOf: number | null;
}

export const HOOK_LOG_SIZE = 1000;

export function retryDelayMs(policy: HookRetryPolicy, failedAttempts: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (failedAttempts - 1));
}

export class HookDeliverer {
  readonly log = new RingBuffer<HookDeliveryRecord>(HOOK_LOG_SIZE);
  private nextId = 1;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  /** Per app key, a notification held back by a reorder fault until the next one is sent. */
  private readonly held = new Map<string, { record: HookDeliveryRecord; target: HookTarget; timer: NodeJS.Timeout }>();
  private disposed = false;

  constructor(private readonly settings: SandboxSettings, private readonly faults: FaultInjector) {}

  /** The save-time ping: resolves to the receiver's status (null when it did not answer). */
  async ping(target: HookTarget): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    const record = this.newRecord('ping', target, { hookConfig: 'ping' }, null);
    const attempt = await this.post(target, record.body);
    record.attempts.push(attempt);
    record.outcome = attempt.status === 200 ? 'delivered' : 'failed';
    return { ok: attempt.status === 200, status: attempt.status, error: attempt.error };
  }

  notify(target: HookTarget, body: Record<string, unknown>): void {
    const fault = this.faults.forHook();
    const record = this.newRecord('notification', target, body, null);
    if (fault.drop) {
      record.outcome = 'dropped';
      return;
    }
    const previouslyHeld = this.held.get(target.appKey);
    if (fault.reorder && !previouslyHeld) {
      record.outcome = 'held';
      // Released after the next notification, or after a while if none comes.
      const timer = this.schedule(() => this.releaseHeld(target.appKey), 1000);
      this.held.set(target.appKey, { record, target, timer });
    } else {
      this.start(record, target);
      if (previouslyHeld) this.releaseHeld(target.appKey);
    }
    if (fault.duplicate) this.start(this.newRecord('notification', target, body, record.id), target);
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.held.clear();
  }

  private releaseHeld(appKey: string): void {
    const held = this.held.get(appKey);
    if (!held) return;
    this.held.delete(appKey);
    clearTimeout(held.timer);
    this.timers.delete(held.timer);
    held.record.outcome = 'pending';
    this.start(held.record, held.target);
  }

  private newRecord(kind: HookDeliveryRecord['kind'], target: HookTarget, body: Record<string, unknown>, duplicateOf: number | null): HookDeliveryRecord {
    const record: HookDeliveryRecord = {
      id: this.nextId++, kind, appKey: target.appKey, url: target.url, body, attempts: [], outcome: 'pending', duplicateOf,
    };
    this.log.push(record);
    return record;
  }

  private start(record: HookDeliveryRecord, target: HookTarget): void {
    void this.attempt(record, target);
  }

  private async attempt(record: HookDeliveryRecord, target: HookTarget): Promise<void> {
    if (this.disposed) return;
    const attempt = await this.post(target, record.body);
    record.attempts.push(attempt);
    if (attempt.status === 200) {
      record.outcome = 'delivered';
      return;
    }
    const policy = this.settings.hookRetry;
    if (record.attempts.length >= policy.maxAttempts) {
      record.outcome = 'failed';
      return;
    }
    this.schedule(() => void this.attempt(record, target), retryDelayMs(policy, record.attempts.length));
  }

  private schedule(run: () => void, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    // Pending retries must not keep a finished test run or CLI alive.
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  private async post(target: HookTarget, body: Record<string, unknown>): Promise<HookAttempt> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.settings.hookTimeoutMs);
    const startedMs = performance.now();
    const at = new Date().toISOString();
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { ...target.headers, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      // Read the body so the socket is released; the content does not matter.
      await response.arrayBuffer();
      return { at, status: response.status, error: null, durationMs: Math.round(performance.now() - startedMs) };
    } catch (error) {
      const message = controller.signal.aborted
        ? `no answer within ${this.settings.hookTimeoutMs} ms`
        : error instanceof Error ? error.message : String(error);
      return { at, status: null, error: message, durationMs: Math.round(performance.now() - startedMs) };
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
  }
}
