import { describe, expect, it } from 'vitest';
import type { Step } from '../../api/types';
import { snapshot } from '../../test/snapshot';
import { datesText, escapeHtml, isDate, rescheduleEdit, toDay, toTimelineTasks } from './timeline';

function step(extra: Partial<Step>): Step {
  return {
    id: 'x',
    title: 'A step',
    description: '',
    status: 'planned',
    start: '',
    due: '',
    owner: '',
    ownerName: '',
    after: [],
    parts: [],
    milestone: false,
    finished: 0,
    total: 0,
    ...extra,
  };
}

describe('toTimelineTasks', () => {
  const steps = snapshot().steps;

  it('makes a bar of each dated step, from its start to its due date', () => {
    const { tasks } = toTimelineTasks(steps, '2026-12-15');
    expect(tasks.map((t) => [t.id, t.start, t.end])).toEqual([
      ['s1', '2026-11-01', '2026-12-10'],
      ['s2', '2026-12-11', '2026-12-20'],
      ['s3', '2027-01-31', '2027-01-31'],
    ]);
  });

  it('starts a step without a start date on its due date', () => {
    const { tasks } = toTimelineTasks([step({ id: 'a', due: '2026-05-04' })], '2026-05-01');
    expect(tasks[0]).toMatchObject({ start: '2026-05-04', end: '2026-05-04' });
  });

  it('draws a milestone as one day on its due date, with the milestone class and its progress', () => {
    const { tasks } = toTimelineTasks(
      [step({ id: 'm', milestone: true, start: '2026-01-01', due: '2026-02-01', finished: 1, total: 4 })],
      '2026-01-15',
    );
    expect(tasks[0]).toMatchObject({ start: '2026-02-01', end: '2026-02-01', progress: 25 });
    expect(tasks[0].custom_class).toBe('milestone-planned');
    expect(tasks[0].name).toContain('◆');
  });

  it('gives each status its class, as one word', () => {
    const statuses = ['planned', 'active', 'blocked', 'done', 'validated', 'someday'];
    const { tasks } = toTimelineTasks(
      statuses.map((status, i) => step({ id: `s${i}`, status, due: '2026-03-01' })),
      '2026-03-01',
    );
    expect(tasks.map((t) => t.custom_class)).toEqual([
      'step-planned',
      'step-active',
      'step-blocked',
      'step-done',
      'step-validated',
      'step-planned',
    ]);
    for (const t of tasks) expect(t.custom_class).not.toMatch(/\s/);
    expect(tasks.map((t) => t.progress)).toEqual([0, 0, 0, 100, 100, 0]);
  });

  it('turns dependencies into arrows between bars on the chart', () => {
    const { tasks } = toTimelineTasks(steps, '2026-12-15');
    expect(tasks.find((t) => t.id === 's2')?.dependencies).toEqual(['s1']);
    expect(tasks.find((t) => t.id === 's3')?.dependencies).toEqual(['s2']);
    expect(tasks.find((t) => t.id === 's1')?.dependencies).toEqual([]);
  });

  it('leaves out the steps with no due date, reports them, and drops arrows to them', () => {
    const input = [
      step({ id: 'a', title: 'Plan', start: '2026-01-01' }),
      step({ id: 'b', title: 'Write', due: '2026-02-01', after: ['a', 'b', 'gone'] }),
      step({ id: 'c', title: 'Wonder', due: 'soon' }),
    ];
    const { tasks, undated } = toTimelineTasks(input, '2026-01-10');
    expect(tasks.map((t) => t.id)).toEqual(['b']);
    expect(tasks[0].dependencies).toEqual([]);
    expect(undated.map((s) => s.title)).toEqual(['Plan', 'Wonder']);
  });

  it('escapes titles, which the chart writes as HTML', () => {
    const { tasks } = toTimelineTasks([step({ title: '<img src=x onerror=alert(1)> & co', due: '2026-01-01' })], '');
    expect(tasks[0].name).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; co');
  });

  it('never lets a bar start after it ends', () => {
    const { tasks } = toTimelineTasks([step({ start: '2026-03-10', due: '2026-03-01' })], '2026-03-01');
    expect(tasks[0]).toMatchObject({ start: '2026-03-01', end: '2026-03-01' });
  });

  it('opens two weeks before today when today falls among the bars, else on the first bar', () => {
    expect(toTimelineTasks(steps, '2026-12-15').scrollTo).toBe('2026-12-01');
    expect(toTimelineTasks(steps, '2027-01-03').scrollTo).toBe('2026-12-20');
    expect(toTimelineTasks(steps, '2026-11-05').scrollTo).toBe('2026-11-01');
    expect(toTimelineTasks(steps, '2020-01-01').scrollTo).toBe('2026-11-01');
    expect(toTimelineTasks([], '2020-01-01')).toEqual({ tasks: [], undated: [], scrollTo: '2020-01-01' });
  });
});

describe('rescheduleEdit', () => {
  const [survey, , guide] = snapshot().steps;

  it('sends the new start and due date of a moved bar', () => {
    expect(rescheduleEdit(survey, new Date(2026, 10, 3), new Date(2026, 11, 12, 23, 59, 59))).toEqual({
      start: '2026-11-03',
      due: '2026-12-12',
    });
  });

  it('sends only the date that changed when one end is stretched', () => {
    expect(rescheduleEdit(survey, new Date(2026, 10, 1), new Date(2026, 11, 15, 23, 59, 59))).toEqual({
      due: '2026-12-15',
    });
  });

  it('sends nothing when the bar ends where it was', () => {
    expect(rescheduleEdit(survey, new Date(2026, 10, 1), new Date(2026, 11, 10, 23, 59, 59))).toBeNull();
  });

  it('moves a milestone by its due date alone', () => {
    expect(rescheduleEdit(guide, new Date(2027, 1, 2), new Date(2027, 1, 2, 23, 59, 59))).toEqual({ due: '2027-02-02' });
  });

  it('keeps a one-day step without a start that way', () => {
    const s = step({ due: '2026-04-01' });
    expect(rescheduleEdit(s, new Date(2026, 3, 5), new Date(2026, 3, 5, 23, 59, 59))).toEqual({ due: '2026-04-05' });
    expect(rescheduleEdit(s, new Date(2026, 3, 1), new Date(2026, 3, 3, 23, 59, 59))).toEqual({
      start: '2026-04-01',
      due: '2026-04-03',
    });
  });
});

describe('helpers', () => {
  it('knows a real day', () => {
    expect(isDate('2026-02-28')).toBe(true);
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2026-2-3')).toBe(false);
    expect(isDate('')).toBe(false);
  });

  it('writes a local date as YYYY-MM-DD', () => {
    expect(toDay(new Date(2026, 0, 5, 23, 59, 59))).toBe('2026-01-05');
  });

  it('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('says a step’s dates in words', () => {
    expect(datesText({ start: '', due: '' })).toBe('No dates yet');
    expect(datesText({ start: '', due: '2027-01-31' })).toMatch(/^Due .*2027/);
    expect(datesText({ start: '2026-11-01', due: '' })).toMatch(/^From .*2026/);
    expect(datesText({ start: '2026-11-01', due: '2026-12-10' })).toMatch(/2026 – .*2026/);
  });
});
