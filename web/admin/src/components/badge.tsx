import type { ComponentChildren } from 'preact';

export type Tone = 'ok' | 'warning' | 'error' | 'info' | 'neutral';

/** A short coloured status label; the text carries the meaning, the colour only helps. */
export function StatusBadge({ tone, children, testid }: { tone: Tone; children: ComponentChildren; testid?: string }) {
  return (
    <span class={`badge badge-${tone}`} data-testid={testid} data-tone={tone}>
      {children}
    </span>
  );
}
