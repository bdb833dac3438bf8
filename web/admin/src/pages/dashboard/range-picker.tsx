// Presets (7, 30, 90 days) and a custom from/to, written to the query string so a reload or a
// shared link shows the same range.
import { useEffect, useState } from 'preact/hooks';
import { Button, TextField } from '../../components';
import { formatDate, t } from '../../i18n';
import { setQuery } from '../../router';
import { checkRange, MAX_RANGE_DAYS, PRESETS, type DayRange } from './date-range';

export function RangePicker({ range }: { range: DayRange }) {
  const [custom, setCustom] = useState(range.preset === null);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [errors, setErrors] = useState<ReturnType<typeof checkRange>>({});

  // Follow the URL (back/forward, a preset chosen).
  useEffect(() => {
    setFrom(range.from);
    setTo(range.to);
    if (range.preset === null) setCustom(true);
  }, [range.from, range.to, range.preset]);

  const message = (code: string | undefined) => {
    switch (code) {
      case 'required':
        return t('validation.required');
      case 'invalid':
        return t('dashboard.range.invalidDate');
      case 'beforeFrom':
        return t('dashboard.range.beforeFrom');
      case 'tooLong':
        return t('dashboard.range.tooLong', { max: MAX_RANGE_DAYS });
      default:
        return null;
    }
  };

  const apply = (event: Event) => {
    event.preventDefault();
    const found = checkRange(from, to);
    setErrors(found);
    if (found.from || found.to) return;
    setQuery({ days: null, from, to });
  };

  return (
    <div class="range-picker" data-testid="range-picker">
      <div class="segmented" role="group" aria-label={t('dashboard.range.label')}>
        {PRESETS.map((days) => (
          <button
            key={days}
            type="button"
            class="segmented-item"
            aria-pressed={!custom && range.preset === days}
            data-testid={`range-${days}`}
            onClick={() => {
              setCustom(false);
              setErrors({});
              setQuery({ days: String(days), from: null, to: null });
            }}
          >
            {t('dashboard.range.days', { n: days })}
          </button>
        ))}
        <button type="button" class="segmented-item" aria-pressed={custom} aria-expanded={custom} data-testid="range-custom" onClick={() => setCustom(!custom || range.preset === null)}>
          {t('dashboard.range.custom')}
        </button>
      </div>
      {custom ? (
        <form class="range-custom" onSubmit={apply} noValidate>
          <TextField name="from" type="date" label={t('common.from')} value={from} onValue={setFrom} error={message(errors.from)} required />
          <TextField name="to" type="date" label={t('common.to')} value={to} onValue={setTo} error={message(errors.to)} required />
          <Button type="submit" variant="primary" data-testid="range-apply">
            {t('common.apply')}
          </Button>
        </form>
      ) : null}
      <p class="muted range-label" data-testid="range-label">
        {t('dashboard.range.showing', { from: formatDate(range.from), to: formatDate(range.to) })}
      </p>
    </div>
  );
}
