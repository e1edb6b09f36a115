// The chart component with Chart.js replaced: the table it gives screen
// readers, and the colours it hands over, read from the CSS custom
// properties at the time, again after a change of theme.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import type { BarChartData } from './charts';

vi.mock('./chartjs', () => ({ drawBarChart: vi.fn() }));

import { drawBarChart, type Resolve } from './chartjs';
import BarChart from './BarChart.svelte';

const data: BarChartData = {
  labels: ['Ana', 'Bo'],
  series: [
    { key: 'code', label: 'Code', data: [2, 1], fill: '--accent', border: '--accent' },
    { key: 'content', label: 'Content', data: [0, 3], fill: '--focus', border: '--focus' },
  ],
};

const root = document.documentElement;

beforeEach(() => {
  root.style.setProperty('--accent', '#2d6a58');
  root.style.setProperty('--focus', '#1f5fbf');
});

afterEach(() => {
  root.style.removeProperty('--accent');
  root.style.removeProperty('--focus');
  delete root.dataset.theme;
});

describe('BarChart', () => {
  it('gives the same numbers as a table, and hides the canvas from screen readers', () => {
    const { container } = render(BarChart, { data, caption: 'Contributions per member, by type', rowHeader: 'Member', unit: 'contributions' });
    const table = screen.getByRole('table', { name: 'Contributions per member, by type' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Member', 'Code', 'Content']);
    const rows = within(table).getAllByRole('row').slice(1).map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Ana', '2', '0'],
      ['Bo', '1', '3'],
    ]);
    expect(container.querySelector('canvas')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('hands Chart.js colours read from the CSS custom properties, and reads them again when the theme changes', async () => {
    const update = vi.fn();
    vi.mocked(drawBarChart).mockReturnValue({ update, destroy: vi.fn() });
    render(BarChart, { data, caption: 'c', rowHeader: 'Member', unit: 'contributions', horizontal: true });
    expect(drawBarChart).toHaveBeenCalledTimes(1);
    const [canvas, drawn, resolve, options] = vi.mocked(drawBarChart).mock.calls[0];
    expect(canvas).toBeInstanceOf(HTMLCanvasElement);
    expect(drawn).toEqual(data);
    expect(options).toMatchObject({ horizontal: true, unit: 'contributions' });
    expect(resolve('--accent')).toBe('#2d6a58');

    root.style.setProperty('--accent', '#79c2a8');
    root.dataset.theme = 'dark';
    await vi.waitFor(() => expect(update).toHaveBeenCalled());
    const [again, resolveAgain] = update.mock.calls[update.mock.calls.length - 1] as [BarChartData, Resolve];
    expect(again).toEqual(data);
    expect(resolveAgain('--accent')).toBe('#79c2a8');
  });

  it('draws new numbers on the same chart', async () => {
    const update = vi.fn();
    vi.mocked(drawBarChart).mockReturnValue({ update, destroy: vi.fn() });
    const { rerender } = render(BarChart, { data, caption: 'c', rowHeader: 'Member', unit: 'contributions' });
    const changed = { ...data, labels: ['Ana'], series: data.series.map((s) => ({ ...s, data: s.data.slice(0, 1) })) };
    await rerender({ data: changed });
    await tick();
    expect(update).toHaveBeenLastCalledWith(changed, expect.any(Function));
    expect(drawBarChart).toHaveBeenCalledTimes(1);
  });

  it('destroys the chart when it goes', () => {
    const destroy = vi.fn();
    vi.mocked(drawBarChart).mockReturnValue({ update: vi.fn(), destroy });
    const { unmount } = render(BarChart, { data, caption: 'c', rowHeader: 'Member', unit: 'contributions' });
    unmount();
    expect(destroy).toHaveBeenCalled();
  });
});
