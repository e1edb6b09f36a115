import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { areas, CairnError } from '../api';
import Roadmap from './Roadmap.svelte';
import { anaKey, snapshot } from '../test/snapshot';
import { resetStores } from '../test/reset';
import { roadmapStore } from '../stores/roadmap.svelte';

const loop = 'These steps would wait for each other forever: Survey the rivers → Analyse samples → Survey the rivers. Remove one of these dependencies.';

beforeEach(() => {
  resetStores();
  roadmapStore.reset();
  vi.mocked(areas.snapshot).mockImplementation(() => Promise.resolve(snapshot()));
  vi.mocked(areas.addStep).mockResolvedValue('s4');
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderPage() {
  const result = render(Roadmap);
  await screen.findByRole('heading', { name: /Survey the rivers/ });
  return result;
}

function row(title: string): HTMLElement {
  return screen.getByRole('listitem', { name: new RegExp(title) });
}

function titles(): string[] {
  const list = screen.queryByRole('list', { name: 'Steps' });
  if (!list) return [];
  return within(list)
    .queryAllByRole('heading', { level: 3 })
    .map((h) => h.textContent?.replace('◆', '').trim() ?? '');
}

describe('Roadmap list', () => {
  it('loads the shared state and lists the steps in order, with owners, dates and dependencies', async () => {
    await renderPage();
    expect(areas.snapshot).toHaveBeenCalled();
    expect(titles()).toEqual(['Survey the rivers', 'Analyse samples', 'Guide ready']);

    const survey = row('Survey the rivers');
    expect(survey.textContent).toContain('Ana');
    expect(survey.querySelector('.badge')?.textContent).toBe('Done');
    expect(survey.querySelector('time[datetime="2026-11-01"]')).not.toBeNull();
    expect(survey.querySelector('time[datetime="2026-12-10"]')).not.toBeNull();

    const analyse = row('Analyse samples');
    expect(analyse.textContent).toContain('Editor');
    expect(analyse.querySelector('.badge')?.textContent).toBe('Active');
    expect(within(analyse).getByText('After').nextElementSibling?.textContent).toBe('Survey the rivers');

    const guide = row('Guide ready');
    expect(guide.textContent).toContain('Nobody yet');
    expect(within(guide).getByText('Milestone')).toBeTruthy();
  });

  it('shows a milestone’s progress in words and as a progress bar', async () => {
    await renderPage();
    const guide = row('Guide ready');
    expect(guide.textContent).toContain('1 of 2 steps done');
    const bar = within(guide).getByRole('progressbar', { name: '1 of 2 steps done' });
    expect(bar.getAttribute('aria-valuenow')).toBe('1');
    expect(bar.getAttribute('aria-valuemax')).toBe('2');
    expect(within(row('Survey the rivers')).queryByRole('progressbar')).toBeNull();
  });

  it('filters by status, by owner and to the milestones', async () => {
    const user = userEvent.setup();
    await renderPage();

    await user.selectOptions(screen.getByLabelText('Status', { selector: '#roadmap-filter-status' }), 'active');
    expect(titles()).toEqual(['Analyse samples']);
    expect(screen.getByText('1 of 3 steps shown')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Show all steps' }));
    expect(titles()).toHaveLength(3);

    const owner = screen.getByRole('combobox', { name: 'Owner' });
    expect(within(owner).getByRole('group', { name: 'Members' })).toBeTruthy();
    expect(within(owner).getByRole('group', { name: 'Roles' })).toBeTruthy();
    await user.selectOptions(owner, anaKey);
    expect(titles()).toEqual(['Survey the rivers']);
    await user.selectOptions(owner, 'editor');
    expect(titles()).toEqual(['Analyse samples']);
    await user.selectOptions(owner, 'Nobody yet');
    expect(titles()).toEqual(['Guide ready']);
    await user.selectOptions(owner, '');

    await user.click(screen.getByRole('checkbox', { name: 'Only milestones' }));
    expect(titles()).toEqual(['Guide ready']);

    await user.selectOptions(screen.getByLabelText('Status', { selector: '#roadmap-filter-status' }), 'done');
    expect(titles()).toEqual([]);
    expect(screen.getByText('No step matches these filters.')).toBeTruthy();
  });

  it('changes a step’s status', async () => {
    const user = userEvent.setup();
    await renderPage();
    const calls = vi.mocked(areas.snapshot).mock.calls.length;
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status of Analyse samples' }), 'blocked');
    expect(areas.setStep).toHaveBeenCalledWith('s2', { status: 'blocked' });
    await waitFor(() => expect(vi.mocked(areas.snapshot).mock.calls.length).toBeGreaterThan(calls));
  });

  it('shows a refused status change next to the status, and keeps the status the step has', async () => {
    vi.mocked(areas.setStep).mockRejectedValue(
      new CairnError('invalid', '', 'Only a validator, or a decision’s outcome, can mark a step validated.'),
    );
    const user = userEvent.setup();
    await renderPage();
    const select = screen.getByRole('combobox', { name: 'Status of Survey the rivers' }) as HTMLSelectElement;
    await user.selectOptions(select, 'validated');
    const alert = await within(row('Survey the rivers')).findByRole('alert');
    expect(alert.textContent).toContain('Only a validator');
    expect(select.getAttribute('aria-describedby')).toBe(alert.id);
    expect(select.value).toBe('done');
    expect(within(row('Analyse samples')).queryByRole('alert')).toBeNull();
  });

  it('edits a step’s dependencies in place', async () => {
    const user = userEvent.setup();
    await renderPage();
    const guide = row('Guide ready');
    await user.click(within(guide).getByRole('button', { name: /Dependencies/ }));
    const box = within(guide).getByRole('group', { name: 'Steps “Guide ready” waits for' });
    expect((within(box).getByRole('checkbox', { name: 'Analyse samples' }) as HTMLInputElement).checked).toBe(true);
    expect(within(box).queryByRole('checkbox', { name: 'Guide ready' })).toBeNull();
    await user.click(within(box).getByRole('checkbox', { name: 'Survey the rivers' }));
    await user.click(within(guide).getByRole('button', { name: 'Save dependencies' }));
    expect(areas.setStep).toHaveBeenCalledWith('s3', { after: ['s1', 's2'] });
    await waitFor(() => expect(within(guide).queryByRole('group', { name: /waits for/ })).toBeNull());
  });

  it('refuses a loop inline, next to the dependency list, with the loop named', async () => {
    vi.mocked(areas.setStep).mockRejectedValue(new CairnError('invalid', 'after', loop));
    const user = userEvent.setup();
    await renderPage();
    const survey = row('Survey the rivers');
    await user.click(within(survey).getByRole('button', { name: /Dependencies/ }));
    const box = within(survey).getByRole('group', { name: /waits for/ });
    await user.click(within(box).getByRole('checkbox', { name: 'Analyse samples' }));
    await user.click(within(survey).getByRole('button', { name: 'Save dependencies' }));
    expect(areas.setStep).toHaveBeenCalledWith('s1', { after: ['s2'] });
    const alert = await within(box).findByRole('alert');
    expect(alert.textContent).toBe(loop);
    expect(box.getAttribute('aria-describedby')).toBe(alert.id);
    // The list stays open with the choice, to undo it.
    expect((within(box).getByRole('checkbox', { name: 'Analyse samples' }) as HTMLInputElement).checked).toBe(true);
  });

  it('changes a step’s dates from the keyboard', async () => {
    const user = userEvent.setup();
    await renderPage();
    const analyse = row('Analyse samples');
    await user.click(within(analyse).getByRole('button', { name: /Dates/ }));
    await fireEvent.input(within(analyse).getByLabelText('Due'), { target: { value: '2026-12-24' } });
    await user.click(within(analyse).getByRole('button', { name: 'Save dates' }));
    expect(areas.setStep).toHaveBeenCalledWith('s2', { due: '2026-12-24' });
  });

  it('refuses dates out of order without asking the backend', async () => {
    const user = userEvent.setup();
    await renderPage();
    const analyse = row('Analyse samples');
    await user.click(within(analyse).getByRole('button', { name: /Dates/ }));
    await fireEvent.input(within(analyse).getByLabelText('Due'), { target: { value: '2026-12-01' } });
    await user.click(within(analyse).getByRole('button', { name: 'Save dates' }));
    expect((await within(analyse).findByRole('alert')).textContent).toContain('before the start date');
    expect(areas.setStep).not.toHaveBeenCalled();
  });
});

describe('Roadmap views', () => {
  it('switches between the list and the timeline with pressed buttons', async () => {
    const user = userEvent.setup();
    const { container } = await renderPage();
    const list = screen.getByRole('button', { name: 'List' });
    const timeline = screen.getByRole('button', { name: 'Timeline' });
    expect(list.getAttribute('aria-pressed')).toBe('true');
    expect(timeline.getAttribute('aria-pressed')).toBe('false');

    timeline.focus();
    await user.keyboard('{Enter}');
    expect(timeline.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('heading', { level: 2, name: 'Timeline' })).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Steps' })).toBeNull();
    expect(container.querySelectorAll('.bar-wrapper')).toHaveLength(3);

    await user.click(list);
    expect(screen.getByRole('list', { name: 'Steps' })).toBeTruthy();
  });

  it('lists the undated steps under the timeline', async () => {
    vi.mocked(areas.snapshot).mockImplementation(() => {
      const s = snapshot();
      s.steps[1] = { ...s.steps[1], start: '', due: '' };
      return Promise.resolve(s);
    });
    const user = userEvent.setup();
    await renderPage();
    await user.click(screen.getByRole('button', { name: 'Timeline' }));
    expect(screen.getByText(/Not on the timeline yet/).parentElement?.textContent).toContain('Analyse samples');
  });

  it('shows a refused move above the chart and puts the bar back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 15, 10));
    vi.mocked(areas.setStep).mockRejectedValue(
      new CairnError('invalid', 'due', 'The due date 2026-10-20 comes before the start date 2026-11-01.'),
    );
    const user = userEvent.setup();
    const { container } = await renderPage();
    await user.click(screen.getByRole('button', { name: 'Timeline' }));

    const bar = () => container.querySelector('.bar-wrapper[data-id="s2"] .bar')!;
    const svg = container.querySelector('svg.gantt')!;
    const x = Number(bar().getAttribute('x'));
    const mouse = (type: string, at: number) => {
      const event = new MouseEvent(type, { bubbles: true });
      Object.defineProperty(event, 'offsetX', { value: at });
      return event;
    };
    bar().dispatchEvent(mouse('mousedown', x + 5));
    svg.dispatchEvent(mouse('mousemove', x + 45)); // two days later
    expect(Number(bar().getAttribute('x'))).toBe(x + 40);
    const calls = vi.mocked(areas.snapshot).mock.calls.length;
    svg.dispatchEvent(mouse('mouseup', x + 45));

    expect(areas.setStep).toHaveBeenCalledWith('s2', { start: '2026-12-13', due: '2026-12-22' });
    expect((await screen.findByRole('alert')).textContent).toContain('comes before the start date');
    await waitFor(() => expect(Number(bar().getAttribute('x'))).toBe(x));
    expect(vi.mocked(areas.snapshot).mock.calls.length).toBeGreaterThan(calls);
  });
});

describe('Add a step', () => {
  it('sends the step as written, then clears the form and says so', async () => {
    const user = userEvent.setup();
    await renderPage();
    await user.type(screen.getByLabelText('Title'), '  Print the guide ');
    await user.type(screen.getByLabelText('Description (optional)'), 'Two hundred copies.');
    await fireEvent.input(screen.getByLabelText('Start (optional)'), { target: { value: '2027-02-01' } });
    await fireEvent.input(screen.getByLabelText('Due (optional)'), { target: { value: '2027-02-15' } });
    await user.selectOptions(screen.getByLabelText('Owner (optional)'), 'Bo');
    const after = screen.getByRole('group', { name: 'Waits for (optional)' });
    await user.click(within(after).getByRole('checkbox', { name: 'Guide ready' }));
    await user.click(within(after).getByRole('checkbox', { name: 'Survey the rivers' }));
    await user.click(screen.getByRole('checkbox', { name: 'This step is a milestone' }));
    await user.click(screen.getByRole('button', { name: 'Add step' }));

    expect(areas.addStep).toHaveBeenCalledWith({
      title: 'Print the guide',
      description: 'Two hundred copies.',
      start: '2027-02-01',
      due: '2027-02-15',
      owner: 'b'.repeat(64),
      after: ['s1', 's3'],
      parts: [],
      milestone: true,
    });
    expect((await screen.findByRole('status')).textContent).toContain('Step added');
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Due (optional)') as HTMLInputElement).value).toBe('');
    expect((screen.getByRole('checkbox', { name: 'This step is a milestone' }) as HTMLInputElement).checked).toBe(false);
  });

  it('offers approved members and roles as owners', async () => {
    await renderPage();
    const owner = screen.getByLabelText('Owner (optional)');
    const names = within(owner)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(names).toEqual(['Nobody yet', 'Ana', 'Bo', 'Editor', 'Writer']);
  });

  it('asks for a title before sending anything', async () => {
    const user = userEvent.setup();
    await renderPage();
    await user.type(screen.getByLabelText('Title'), '   ');
    await user.click(screen.getByRole('button', { name: 'Add step' }));
    expect(screen.getByText('Give the step a title.')).toBeTruthy();
    expect(screen.getByLabelText('Title').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Title'));
    expect(areas.addStep).not.toHaveBeenCalled();
  });

  it('refuses a due date before the start without sending anything', async () => {
    const user = userEvent.setup();
    await renderPage();
    await user.type(screen.getByLabelText('Title'), 'Print');
    await fireEvent.input(screen.getByLabelText('Start (optional)'), { target: { value: '2027-02-15' } });
    await fireEvent.input(screen.getByLabelText('Due (optional)'), { target: { value: '2027-02-01' } });
    await user.click(screen.getByRole('button', { name: 'Add step' }));
    expect(screen.getByText('The due date comes before the start date.')).toBeTruthy();
    expect(screen.getByLabelText('Due (optional)').getAttribute('aria-invalid')).toBe('true');
    expect(areas.addStep).not.toHaveBeenCalled();
  });

  it('refuses a title over 200 characters without sending anything', async () => {
    const user = userEvent.setup();
    await renderPage();
    await fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'x'.repeat(201) } });
    await user.click(screen.getByRole('button', { name: 'Add step' }));
    expect(screen.getByText(/201 characters long; keep it to 200/)).toBeTruthy();
    expect(areas.addStep).not.toHaveBeenCalled();
  });

  it('shows a refused dependency in the dependencies box', async () => {
    vi.mocked(areas.addStep).mockRejectedValue(new CairnError('invalid', 'after', 'No step is called “Gone”.'));
    const user = userEvent.setup();
    await renderPage();
    await user.type(screen.getByLabelText('Title'), 'Print');
    const after = screen.getByRole('group', { name: 'Waits for (optional)' });
    await user.click(within(after).getByRole('checkbox', { name: 'Guide ready' }));
    await user.click(screen.getByRole('button', { name: 'Add step' }));
    await waitFor(() => expect(after.textContent).toContain('No step is called “Gone”.'));
    expect(after.getAttribute('aria-describedby')).toContain('step-after-error');
    expect(screen.getByRole('status').textContent).toBe('');
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('Print');
  });

  it('shows a refused date next to it, and a refusal of no field above the form', async () => {
    vi.mocked(areas.addStep).mockRejectedValueOnce(
      new CairnError('invalid', 'start', '"2027-13-01" is not a date. Write it as YYYY-MM-DD, for example 2026-03-31.'),
    );
    vi.mocked(areas.addStep).mockRejectedValueOnce(new CairnError('unauthorized', '', 'Only approved members can add steps.'));
    const user = userEvent.setup();
    await renderPage();
    await user.type(screen.getByLabelText('Title'), 'Print');
    await user.click(screen.getByRole('button', { name: 'Add step' }));
    const start = screen.getByLabelText('Start (optional)');
    await waitFor(() => expect(start.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('step-start-error')?.textContent).toContain('is not a date');

    await user.click(screen.getByRole('button', { name: 'Add step' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Only approved members can add steps.');
  });
});

describe('Roadmap loading', () => {
  it('says when the roadmap cannot be read, and tries again', async () => {
    vi.mocked(areas.snapshot).mockRejectedValueOnce(new CairnError('internal', '', 'The database is locked.'));
    const user = userEvent.setup();
    render(Roadmap);
    expect((await screen.findByRole('alert')).textContent).toContain('The database is locked.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: /Survey the rivers/ })).toBeTruthy();
  });
});
