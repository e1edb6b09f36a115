// Checks every text colour of both themes against the backgrounds it is
// shown on, for WCAG AA: 4.5:1 for text, 3:1 for focus rings and borders
// that carry meaning.
import { describe, expect, it } from 'vitest';
import css from './app.css?raw';

function tokens(selector: string): Record<string, string> {
  const start = css.indexOf(selector);
  if (start < 0) throw new Error(`no ${selector} block in app.css`);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6});/gi)) out[m[1]] = m[2];
  return out;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// [foreground, background] pairs as the stylesheets use them.
const textPairs: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'sidebar'],
  ['text', 'code-bg'],
  ['text', 'accent-soft'],
  ['text', 'danger-soft'],
  ['text', 'notice-soft'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['muted', 'sidebar'],
  ['muted', 'code-bg'],
  ['accent-strong', 'accent-soft'],
  ['accent-strong', 'surface'],
  ['accent-strong', 'bg'],
  ['on-accent', 'accent'],
  ['surface', 'accent-strong'],
  ['on-danger', 'danger'],
  ['danger', 'surface'],
  ['danger', 'bg'],
];

const uiPairs: [string, string][] = [
  ['focus', 'bg'],
  ['focus', 'surface'],
  ['focus', 'sidebar'],
  ['border-strong', 'surface'],
  ['accent', 'surface'],
];

describe.each([
  ['light', ":root[data-theme='light']"],
  ['dark', ":root[data-theme='dark']"],
])('the %s theme', (_, selector) => {
  const t = tokens(selector);

  it.each(textPairs)('%s on %s is readable (4.5:1)', (fg, bg) => {
    expect(t[fg], fg).toBeDefined();
    expect(t[bg], bg).toBeDefined();
    expect(contrast(t[fg], t[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it.each(uiPairs)('%s on %s stands out (3:1)', (fg, bg) => {
    expect(contrast(t[fg], t[bg])).toBeGreaterThanOrEqual(3);
  });
});

describe('contrast', () => {
  it('computes the WCAG ratio', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
