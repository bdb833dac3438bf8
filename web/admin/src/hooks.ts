// Data loading for pages: one resource, a cursor-paged list, and polling.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Loads again; the current data stays on screen meanwhile. */
  reload: () => Promise<void>;
  /** Replaces the data (after a save answered with the new state). */
  setData: (data: T) => void;
}

/** Loads once per change of `deps`; a newer load wins over an older one still running. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef<AbortController | null>(null);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(async () => {
    latest.current?.abort();
    const controller = new AbortController();
    latest.current = controller;
    setLoading(true);
    try {
      const value = await loader.current(controller.signal);
      if (controller.signal.aborted) return;
      setData(value);
      setError(null);
    } catch (caught) {
      if (controller.signal.aborted) return;
      setError(caught);
    } finally {
      if (!controller.signal.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    return () => latest.current?.abort();
    // The caller lists what the load depends on.
  }, deps);

  return { data, error, loading, reload, setData };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorList<T> {
  items: T[];
  error: unknown;
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  loadMore: () => Promise<void>;
  reload: () => Promise<void>;
  setItems: (update: (items: T[]) => T[]) => void;
}

/** A list read page by page ("Load more"); starts over when `deps` change. */
export function useCursorList<T>(load: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>, deps: readonly unknown[]): CursorList<T> {
  const [items, setItemsState] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const generation = useRef<AbortController | null>(null);
  const loader = useRef(load);
  loader.current = load;

  const reload = useCallback(async () => {
    generation.current?.abort();
    const controller = new AbortController();
    generation.current = controller;
    setLoading(true);
    try {
      const page = await loader.current(null, controller.signal);
      if (controller.signal.aborted) return;
      setItemsState(page.items);
      setCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      if (!controller.signal.aborted) setError(caught);
    } finally {
      if (!controller.signal.aborted) setLoading(false);
    }
  }, []);

  const loadMore = useCallback(async () => {
    const controller = generation.current;
    if (!cursor || !controller) return;
    setLoadingMore(true);
    try {
      const page = await loader.current(cursor, controller.signal);
      if (controller.signal.aborted) return;
      setItemsState((previous) => [...previous, ...page.items]);
      setCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      if (!controller.signal.aborted) setError(caught);
    } finally {
      if (!controller.signal.aborted) setLoadingMore(false);
    }
  }, [cursor]);

  useEffect(() => {
    void reload();
    return () => generation.current?.abort();
    // The caller lists what the load depends on.
  }, deps);

  return { items, error, loading, loadingMore, hasMore: cursor !== null, loadMore, reload, setItems: setItemsState };
}

/** Calls `tick` every `intervalMs` while `active`, and not while the tab is hidden. */
export function usePolling(tick: () => unknown, intervalMs: number, active: boolean) {
  const callback = useRef(tick);
  callback.current = tick;
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void callback.current();
    }, intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs]);
}
