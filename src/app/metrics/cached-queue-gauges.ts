// The queue gauges are read at scrape time. Several Prometheus servers (or one scraping every
// second) must not each cost a round of aggregate queries: a reading is kept for `ttlMs`, and
// scrapes that arrive while one is in progress wait for it instead of starting another. A failed
// reading is kept just as long, so a database in trouble is not asked again at every scrape.
import type { Clock } from '../ports';
import type { MetricsStore, QueueGauges } from './ports';

export function cachedQueueGauges(
  store: MetricsStore,
  clock: Clock,
  ttlMs: number,
  // Monotonic, not the Clock: a test clock that stands still must not keep a reading forever.
  elapsedMs: () => number = () => performance.now(),
): () => Promise<QueueGauges> {
  let reading: { at: number; gauges: Promise<QueueGauges> } | null = null;
  return () => {
    if (reading === null || elapsedMs() - reading.at >= ttlMs) {
      const gauges = store.queueGauges(clock.now());
      // Read once here so an unobserved failure is not reported as unhandled; callers still see it.
      gauges.catch(() => undefined);
      reading = { at: elapsedMs(), gauges };
    }
    return reading.gauges;
  };
}
