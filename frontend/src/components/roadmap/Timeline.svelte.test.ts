// The Timeline with the real frappe-gantt, drawn in happy-dom: the bars,
// their classes, the arrows, today's line, and a drag that reschedules.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import Timeline from './Timeline.svelte';
import { snapshot } from '../../test/snapshot';
import type { Step } from '../../api/types';

function bars(container: HTMLElement) {
  return [...container.querySelectorAll<SVGGElement>('.bar-wrapper')];
}

/** A mouse event with the position frappe-gantt reads (happy-dom lays nothing out). */
function mouse(type: string, x: number): MouseEvent {
  const event = new MouseEvent(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'offsetX', { value: x });
  Object.defineProperty(event, 'layerX', { value: x });
  return event;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Timeline', () => {
  it('draws a bar per dated step with its status class, the milestone, arrows and today', () => {
    // frappe-gantt draws today's line from the clock.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 15, 10));
    const { container } = render(Timeline, { steps: snapshot().steps, today: '2026-12-15', onreschedule: vi.fn() });
    const drawn = bars(container);
    expect(drawn.map((b) => b.dataset.id)).toEqual(['s1', 's2', 's3']);
    expect(drawn[0].classList).toContain('step-done');
    expect(drawn[1].classList).toContain('step-active');
    expect(drawn[2].classList).toContain('milestone-planned');
    expect(drawn[2].querySelector('.bar-label')?.textContent).toBe('◆ Guide ready');
    const arrows = [...container.querySelectorAll('g.arrow path')].map((a) => [a.getAttribute('data-from'), a.getAttribute('data-to')]);
    expect(arrows).toEqual([
      ['s1', 's2'],
      ['s2', 's3'],
    ]);
    expect(container.querySelector('.current-highlight')).not.toBeNull();
    expect(container.querySelector<HTMLElement>('.roadmap-gantt')?.hidden).toBe(false);
    expect(screen.queryByText(/outside the span/)).toBeNull();
  });

  it('says so when today is off the chart', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2030, 0, 1, 10));
    const { container } = render(Timeline, { steps: snapshot().steps, today: '2030-01-01', onreschedule: vi.fn() });
    expect(container.querySelector('.current-highlight')).toBeNull();
    expect(screen.getByText(/outside the span of the chart/)).toBeTruthy();
  });

  it('lists the steps it cannot place', () => {
    const steps: Step[] = [
      ...snapshot().steps,
      { ...snapshot().steps[0], id: 's4', title: 'Find funding', start: '', due: '', after: [] },
    ];
    render(Timeline, { steps, today: '2026-12-15', onreschedule: vi.fn() });
    expect(screen.getByText(/Not on the timeline yet/).parentElement?.textContent).toContain('Find funding');
  });

  it('says when no step has a date, and draws nothing', () => {
    const steps = snapshot().steps.map((s) => ({ ...s, start: '', due: '' }));
    const { container } = render(Timeline, { steps, today: '2026-12-15', onreschedule: vi.fn() });
    expect(screen.getByText(/No step has a due date yet/)).toBeTruthy();
    expect(bars(container)).toHaveLength(0);
    expect(screen.getByText(/Not on the timeline yet/).parentElement?.textContent).toContain('Guide ready');
  });

  it('escapes titles on the chart', () => {
    const steps = [{ ...snapshot().steps[0], title: '<b>Bold</b> & co' }];
    const { container } = render(Timeline, { steps, today: '2026-12-15', onreschedule: vi.fn() });
    expect(container.querySelector('.bar-label')?.textContent).toBe('<b>Bold</b> & co');
    expect(container.querySelector('.bar-label b')).toBeNull();
  });

  it('reschedules a dragged bar once, when the mouse is let go', () => {
    const onreschedule = vi.fn();
    const { container } = render(Timeline, { steps: snapshot().steps, today: '2026-12-15', onreschedule });
    const survey = bars(container)[0];
    const svg = container.querySelector('svg.gantt')!;
    const bar = survey.querySelector('.bar')!;
    const x = Number(bar.getAttribute('x'));
    // Weeks are 140px wide: 20px a day. Three days later, in small moves.
    bar.dispatchEvent(mouse('mousedown', x + 5));
    for (const dx of [20, 40, 60]) svg.dispatchEvent(mouse('mousemove', x + 5 + dx));
    expect(onreschedule).not.toHaveBeenCalled();
    svg.dispatchEvent(mouse('mouseup', x + 65));
    expect(onreschedule).toHaveBeenCalledTimes(1);
    expect(onreschedule).toHaveBeenCalledWith('s1', { start: '2026-11-04', due: '2026-12-13' });
  });

  it('draws the bars again from the steps when told to', async () => {
    const onreschedule = vi.fn();
    const steps = snapshot().steps;
    const { container, rerender } = render(Timeline, { steps, today: '2026-12-15', onreschedule, revision: 0 });
    const bar = () => bars(container)[0].querySelector('.bar')!;
    const x = Number(bar().getAttribute('x'));
    bar().dispatchEvent(mouse('mousedown', x + 5));
    container.querySelector('svg.gantt')!.dispatchEvent(mouse('mousemove', x + 105));
    expect(Number(bar().getAttribute('x'))).toBe(x + 100);
    await rerender({ revision: 1 });
    expect(Number(bar().getAttribute('x'))).toBe(x);
  });
});
