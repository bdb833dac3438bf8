// Loading, empty and error states, and the "Load more" pager, the same on every page.
import type { ComponentChildren } from 'preact';
import { isApiError } from '../api';
import { t } from '../i18n';
import { Button } from './button';

export function Loading({ label }: { label?: string }) {
  return (
    <div class="state state-loading" role="status" data-testid="loading">
      <span class="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function Empty({ children, testid = 'empty' }: { children?: ComponentChildren; testid?: string }) {
  return (
    <div class="state state-empty" data-testid={testid}>
      {children ?? t('common.empty')}
    </div>
  );
}

/** A readable message for any error an API call threw. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'NETWORK') return t('error.network');
    if (error.status === 404) return t('error.notFound');
    if (error.status === 403) return t('error.forbidden');
    if (error.status >= 500) return t('error.server', { code: error.code, requestId: error.requestId ?? '—' });
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="state state-error" role="alert" data-testid="error-state">
      <strong>{t('error.title')}</strong>
      <p>{errorMessage(error)}</p>
      {onRetry ? (
        <Button onClick={onRetry} data-testid="retry">
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

/** "Load more" under a cursor-paged list (hooks.ts useCursorList). */
export function LoadMore({ hasMore, loading, onLoadMore }: { hasMore: boolean; loading: boolean; onLoadMore: () => void }) {
  if (!hasMore) return null;
  return (
    <div class="load-more">
      <Button onClick={onLoadMore} busy={loading} data-testid="load-more">
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
