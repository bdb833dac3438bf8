// Feed v3 for one app key: an SQS-like queue. A received event stays hidden for the
// visibility timeout and comes back unless committed with the handle of its latest receipt;
// events older than the retention period are dropped whether committed or not.

import { randomBytes } from 'node:crypto';
import type { EventFilter } from './event-filter';

export interface FeedEvent {
  eventId: string;
  domain: string;
  state: string;
  lastState: string;
  orderId: string;
  lastChange: string;
  currentChange: string;
}

interface QueuedEvent {
  event: FeedEvent;
  enqueuedMs: number;
  visibleFromMs: number;
  handle: string | null;
  receiveCount: number;
}

export interface FeedQueueSettings {
  visibilityTimeoutInSeconds: number;
  MessageRetentionPeriodInSeconds: number;
}

export const MIN_RETENTION_SECONDS = 345_600;
export const MAX_RETENTION_SECONDS = 1_209_600;
export const MAX_LOT = 10;
/** Bounds memory if nobody ever reads the feed; real SQS keeps them until retention ends. */
const MAX_QUEUED = 200_000;

export class FeedQueue {
  private events: QueuedEvent[] = [];
  readonly firedOrders = new Set<string>();

  constructor(public filter: EventFilter, public settings: FeedQueueSettings) {}

  push(event: FeedEvent, nowMs: number): void {
    if (this.events.length >= MAX_QUEUED) this.events.shift();
    this.events.push({ event, enqueuedMs: nowMs, visibleFromMs: nowMs, handle: null, receiveCount: 0 });
  }

  receive(maxLot: number, nowMs: number): (FeedEvent & { handle: string })[] {
    this.expire(nowMs);
    const batch: (FeedEvent & { handle: string })[] = [];
    for (const queued of this.events) {
      if (batch.length >= maxLot) break;
      if (queued.visibleFromMs > nowMs) continue;
      queued.handle = randomBytes(24).toString('base64');
      queued.visibleFromMs = nowMs + this.settings.visibilityTimeoutInSeconds * 1000;
      queued.receiveCount += 1;
      batch.push({ ...queued.event, handle: queued.handle });
    }
    return batch;
  }

  /** Unknown or superseded handles are ignored, as SQS does. */
  commit(handles: readonly string[]): number {
    const wanted = new Set(handles);
    const before = this.events.length;
    this.events = this.events.filter((queued) => queued.handle === null || !wanted.has(queued.handle));
    return before - this.events.length;
  }

  stats(nowMs: number): { quantity: number; approximateAgeOfOldestMessageInSeconds: number } {
    this.expire(nowMs);
    const oldest = this.events[0];
    return {
      quantity: this.events.length,
      approximateAgeOfOldestMessageInSeconds: oldest ? Math.max(0, (nowMs - oldest.enqueuedMs) / 1000) : 0,
    };
  }

  private expire(nowMs: number): void {
    const cutoff = nowMs - this.settings.MessageRetentionPeriodInSeconds * 1000;
    if (this.events.length > 0 && (this.events[0]?.enqueuedMs ?? nowMs) < cutoff) {
      this.events = this.events.filter((queued) => queued.enqueuedMs >= cutoff);
    }
  }
}
