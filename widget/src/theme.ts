// The program's colour in the widget: checked (it goes into CSS), with the text colour that reads
// on it and a shade of it that reads on white, both by WCAG contrast (at least 4.5:1 where it can).

export const DEFAULT_COLOR = '#4f46e5';
const DARK_TEXT = '#000000';
const LIGHT_TEXT = '#ffffff';

/** #rrggbb (or #rgb) in lower case; anything else — including CSS trying to escape — the default. */
export function themeColor(value: string | null | undefined): string {
  const text = (value ?? '').trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(text)) return text;
  if (/^#[0-9a-f]{3}$/.test(text)) return `#${text[1]}${text[1]}${text[2]}${text[2]}${text[3]}${text[3]}`;
  return DEFAULT_COLOR;
}

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The text colour for buttons and badges painted in `color`: white or black, whichever contrasts more (always at least 4.58:1). */
export function textOn(color: string): string {
  return contrastRatio(LIGHT_TEXT, color) >= contrastRatio(DARK_TEXT, color) ? LIGHT_TEXT : DARK_TEXT;
}

/** `color` darkened until it reads on white (4.5:1) — for links and headings in the brand colour. */
export function readableOnWhite(color: string): string {
  let [r, g, b] = channels(color);
  let shade = color;
  for (let step = 0; step < 40 && contrastRatio(shade, LIGHT_TEXT) < 4.5; step++) {
    [r, g, b] = [r, g, b].map((channel) => Math.floor(channel * 0.9)) as [number, number, number];
    shade = `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
  }
  return shade;
}
