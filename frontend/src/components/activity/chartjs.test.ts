// The real Chart.js module where no canvas can be drawn on (happy-dom):
// it draws nothing and says so, rather than failing.
import { describe, expect, it } from 'vitest';
import { drawBarChart } from './chartjs';

describe('drawBarChart', () => {
  it('returns null where the canvas has no 2D context', () => {
    const canvas = document.createElement('canvas');
    const chart = drawBarChart(canvas, { labels: ['Ana'], series: [] }, () => '#000', {
      horizontal: false,
      unit: 'contributions',
      reducedMotion: true,
      font: 'sans-serif',
    });
    expect(chart).toBeNull();
  });
});
