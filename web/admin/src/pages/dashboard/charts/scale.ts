// Axis arithmetic for the dashboard's hand-written SVG charts.
import { useEffect, useRef, useState } from 'preact/hooks';

/** A round step (1, 2, 2.5 or 5 times a power of ten) close to `raw`, never below 1 (points and orders are whole). */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** The ticks of a value axis from 0 up to at least `max`: about `count` steps. */
export function valueTicks(max: number, count = 4): number[] {
  const step = niceStep(Math.max(max, 1) / count);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(Math.round(value * 100) / 100);
  return ticks;
}

/** Which of `count` labels to write so that they sit at least `minGap` pixels apart over `span`. */
export function labelEvery(count: number, span: number, minGap: number): number {
  const fit = Math.max(1, Math.floor(span / minGap));
  return Math.max(1, Math.ceil(count / fit));
}

/** Text width estimate for SVG layout (no measuring pass): ~0.6 em per character. */
export const textWidth = (text: string, fontSize = 12) => Math.ceil(text.length * fontSize * 0.6);

/** The width of an element, following it as the window changes (charts are drawn at their real size so text stays readable). */
export function useElementWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const measured = Math.round(element.getBoundingClientRect().width);
      if (measured > 0) setWidth(measured);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
