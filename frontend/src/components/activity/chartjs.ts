// The one place that talks to Chart.js: a stacked bar chart on a canvas,
// with only the pieces it needs registered. Colours arrive already read
// from the CSS custom properties, so the caller decides when to read them
// again (a change of theme).

import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { BarChartData, CssColour } from './charts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Turns a colour's CSS custom property into the value it has now. */
export type Resolve = (name: CssColour | '--text' | '--muted' | '--border' | '--bg') => string;

export interface DrawOptions {
  /** Bars run left to right (one per row), as for milestones and decisions. */
  horizontal: boolean;
  /** What the numbers count, for the value axis ("contributions"). */
  unit: string;
  reducedMotion: boolean;
  font: string;
}

export interface DrawnChart {
  update(data: BarChartData, resolve: Resolve): void;
  destroy(): void;
}

function config(data: BarChartData, resolve: Resolve, options: DrawOptions): ChartConfiguration<'bar'> {
  const text = resolve('--text');
  const muted = resolve('--muted');
  const grid = resolve('--border');
  const valueAxis = {
    stacked: true,
    beginAtZero: true,
    ticks: { color: muted, precision: 0 },
    grid: { color: grid },
    border: { color: grid },
    title: { display: true, text: options.unit, color: muted },
  };
  const categoryAxis = {
    stacked: true,
    ticks: { color: text },
    grid: { display: false },
    border: { color: grid },
  };
  return {
    type: 'bar',
    data: {
      labels: data.labels,
      datasets: data.series.map((s) => ({
        label: s.label,
        data: s.data,
        backgroundColor: resolve(s.fill),
        borderColor: resolve(s.border),
        borderWidth: 1,
        maxBarThickness: 36,
      })),
    },
    options: {
      indexAxis: options.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: options.reducedMotion ? false : { duration: 250 },
      font: { family: options.font },
      scales: options.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: { position: 'bottom', labels: { color: text, font: { family: options.font } } },
        tooltip: {
          backgroundColor: text,
          titleColor: resolve('--bg'),
          bodyColor: resolve('--bg'),
          borderColor: grid,
          borderWidth: 1,
        },
      },
    },
  };
}

/**
 * Draws the chart on the canvas, or returns null where a canvas cannot be
 * drawn on (as in a test's DOM).
 */
export function drawBarChart(
  canvas: HTMLCanvasElement,
  data: BarChartData,
  resolve: Resolve,
  options: DrawOptions,
): DrawnChart | null {
  let context: CanvasRenderingContext2D | null = null;
  try {
    context = canvas.getContext('2d');
  } catch {
    context = null;
  }
  if (!context) return null;
  const chart = new Chart(context, config(data, resolve, options));
  return {
    update(next, nextResolve) {
      const fresh = config(next, nextResolve, options);
      chart.data = fresh.data;
      chart.options = fresh.options ?? {};
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
