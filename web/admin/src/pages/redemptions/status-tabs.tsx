// A row of filter buttons (one pressed), used for statuses on the redemption queue, the e-mails
// and the reward catalog. Each has data-testid="status-tab-<value>"; it scrolls sideways on phones.
import './redemptions.css';

export interface TabOption {
  value: string;
  label: string;
}

export function StatusTabs({ label, options, value, onChange }: { label: string; options: readonly TabOption[]; value: string; onChange: (value: string) => void }) {
  return (
    <div class="status-tabs" role="group" aria-label={label} data-testid="status-tabs">
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          class="status-tab"
          aria-pressed={option.value === value}
          data-testid={`status-tab-${option.value}`}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
