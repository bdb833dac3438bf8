import { formatNumber, formatPercent, t } from '../i18n';

export interface ProgressBarProps {
  done: number;
  /** null: the total is not known yet (an indeterminate bar). */
  total: number | null;
  label: string;
  testid?: string;
  tone?: 'normal' | 'error' | 'ok';
}

/** role="progressbar" with aria-valuenow/aria-valuemax, and "done of total" as text. */
export function ProgressBar({ done, total, label, testid, tone = 'normal' }: ProgressBarProps) {
  const known = total !== null && total > 0;
  const fraction = known ? Math.min(1, done / total) : 0;
  return (
    <div class={`progress progress-${tone}`}>
      <div
        class={`progress-track${known ? '' : ' progress-indeterminate'}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={known ? total : undefined}
        aria-valuenow={known ? done : undefined}
        aria-valuetext={known ? `${t('progress.label', { done, total })} (${formatPercent(fraction)})` : formatNumber(done)}
        data-testid={testid}
      >
        <div class="progress-fill" style={{ width: known ? `${(fraction * 100).toFixed(1)}%` : undefined }} />
      </div>
    </div>
  );
}
