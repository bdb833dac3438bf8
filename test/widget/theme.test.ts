// The program's colour goes into the widget's CSS: only a real colour gets there, and the text on
// it and the shade of it used as text on white are readable (WCAG 4.5:1).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contrastRatio, DEFAULT_COLOR, readableOnWhite, textOn, themeColor } from '../../widget/src/theme';
import { themeCss } from '../../widget/src/styles';

const hexColor = fc.integer({ min: 0, max: 0xffffff }).map((value) => `#${value.toString(16).padStart(6, '0')}`);

describe('widget theme', () => {
  it('accepts #rrggbb and #rgb, and anything else — CSS that would escape included — is the default colour', () => {
    expect(themeColor('#0A7D33')).toBe('#0a7d33');
    expect(themeColor('#abc')).toBe('#aabbcc');
    for (const bad of ['red', '#12345', 'url(x)', '#000;}:host{display:none', '', null, undefined]) expect(themeColor(bad)).toBe(DEFAULT_COLOR);
    expect(themeCss('#000;}*{display:none}')).not.toContain('display:none');
  });

  it('computes WCAG contrast', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('puts white on dark colours and black on light ones, always at least 4.5:1', () => {
    expect(textOn('#1d4ed8')).toBe('#ffffff');
    expect(textOn('#facc15')).toBe('#000000');
    fc.assert(fc.property(hexColor, (color) => contrastRatio(textOn(color), color) >= 4.5));
  });

  it('darkens the colour for text on white until it reads, and leaves a dark one as it is', () => {
    expect(readableOnWhite('#1d4ed8')).toBe('#1d4ed8');
    fc.assert(fc.property(hexColor, (color) => contrastRatio(readableOnWhite(color), '#ffffff') >= 4.5));
  });
});
