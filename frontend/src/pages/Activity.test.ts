import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { activity, areas, CairnError, type ActivityEntry, type Contribution, type Decision } from '../api';
import Activity from './Activity.svelte';
import { anaKey, boKey, snapshot } from '../test/snapshot';
import { resetStores } from '../test/reset';
import { activityStore, pageSize } from '../stores/activity.svelte';
import { shellStore } from '../stores/shell.svelte';
import { snapshotStore } from '../stores/snapshot.svelte';

const everything = { Member: '', Area: '', Since: '', Until: '', Limit: pageSize };

function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3600_000).toISOString();
}

/** Noon, n days before today, local time. */
function daysAgo(n: number): Date {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - n, 12);
}

function entry(id: string, at: string, area: string, text: string): ActivityEntry {
  return { id, at, member: anaKey, name: 'Ana', area, text, target: 'x' };
}

const entries: ActivityEntry[] = [
  entry('e1', new Date().toISOString(), 'deliverable', 'Ana revised §2 Methods'),
  entry('e2', daysAgo(1).toISOString(), 'members', 'Ana approved Bo'),
  entry('e3', daysAgo(1).toISOString(), 'workspace', 'Ana created the workspace River Guide'),
  entry('e4', daysAgo(9).toISOString(), 'roadmap', 'Bo finished Survey the rivers'),
];

beforeEach(() => {
  resetStores();
  activityStore.reset();
  vi.mocked(areas.snapshot).mockImplementation(() => Promise.resolve(snapshot()));
  vi.mocked(activity).mockResolvedValue(entries);
});

async function renderPage() {
  const result = render(Activity);
  await screen.findByText('Ana revised §2 Methods');
  await screen.findByRole('option', { name: 'Bo' });
  return result;
}

describe('Activity timeline', () => {
  it('asks for everything at first, and groups the entries by day, newest first', async () => {
    await renderPage();
    expect(activity).toHaveBeenCalledWith(everything);
    const days = screen.getAllByRole('heading', { level: 3 }).filter((h) => h.closest('.timeline'));
    expect(days.map((h) => h.textContent)).toEqual([
      'Today',
      'Yesterday',
      new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(daysAgo(9)),
    ]);
    const yesterday = screen.getByRole('region', { name: 'Yesterday' });
    expect(within(yesterday).getAllByRole('listitem').map((li) => li.querySelector('.text')?.textContent)).toEqual([
      'Ana approved Bo',
      'Ana created the workspace River Guide',
    ]);
    const first = within(screen.getByRole('region', { name: 'Today' })).getByRole('listitem');
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe(entries[0].at);
    expect(screen.getByText('4 entries')).toBeTruthy();
  });

  it('opens the area of each change', async () => {
    const user = userEvent.setup();
    await renderPage();
    const open = (text: string) => within(screen.getByText(text).closest('li')!).getByRole('button', { name: /^Open/ });

    expect(open('Ana revised §2 Methods').textContent).toBe('Open Deliverable');
    await user.click(open('Ana revised §2 Methods'));
    expect(shellStore.area).toBe('deliverable');
    await user.click(open('Ana approved Bo'));
    expect(shellStore.area).toBe('roles');
    await user.click(open('Bo finished Survey the rivers'));
    expect(shellStore.area).toBe('roadmap');
    await user.click(open('Ana created the workspace River Guide'));
    expect(shellStore.area).toBe('home');
  });

  it('asks again with each filter, and clears them', async () => {
    const user = userEvent.setup();
    await renderPage();

    await user.selectOptions(screen.getByLabelText('Member'), 'Bo');
    await waitFor(() => expect(activity).toHaveBeenLastCalledWith({ ...everything, Member: boKey }));

    await user.selectOptions(screen.getByLabelText('Area'), 'Decisions');
    await waitFor(() => expect(activity).toHaveBeenLastCalledWith({ ...everything, Member: boKey, Area: 'decisions' }));

    await fireEvent.change(screen.getByLabelText('Since'), { target: { value: '2026-03-01' } });
    await waitFor(() =>
      expect(activity).toHaveBeenLastCalledWith({ ...everything, Member: boKey, Area: 'decisions', Since: '2026-03-01' }),
    );
    await fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2026-03-31' } });
    await waitFor(() =>
      expect(activity).toHaveBeenLastCalledWith({
        Member: boKey,
        Area: 'decisions',
        Since: '2026-03-01',
        Until: '2026-03-31',
        Limit: pageSize,
      }),
    );

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(activity).toHaveBeenLastCalledWith(everything));
    expect((screen.getByLabelText('Member') as HTMLSelectElement).value).toBe('');
    expect((screen.getByLabelText('Since') as HTMLInputElement).value).toBe('');
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });

  it('does not ask when the until day comes before the since day, and says why', async () => {
    await renderPage();
    await fireEvent.change(screen.getByLabelText('Since'), { target: { value: '2026-03-10' } });
    await waitFor(() => expect(activity).toHaveBeenLastCalledWith({ ...everything, Since: '2026-03-10' }));
    const calls = vi.mocked(activity).mock.calls.length;

    await fireEvent.change(screen.getByLabelText('Until'), { target: { value: '2026-03-01' } });
    expect((await screen.findByRole('alert')).textContent).toContain('comes before');
    expect(screen.getByLabelText('Until').getAttribute('aria-invalid')).toBe('true');
    expect(activity).toHaveBeenCalledTimes(calls);
  });

  it('says when nothing matches the filters', async () => {
    const user = userEvent.setup();
    await renderPage();
    vi.mocked(activity).mockResolvedValue([]);
    await user.selectOptions(screen.getByLabelText('Area'), 'Vision');
    expect(await screen.findByText('Nothing matches these filters.')).toBeTruthy();
    expect(screen.queryByText('Ana revised §2 Methods')).toBeNull();
  });

  it('asks again when the shared state changes', async () => {
    await renderPage();
    const calls = vi.mocked(activity).mock.calls.length;
    snapshotStore.snapshot = snapshot({ name: 'River Guide, renamed' });
    await waitFor(() => expect(activity).toHaveBeenCalledTimes(calls + 1));
    expect(activity).toHaveBeenLastCalledWith(everything);
  });

  it('shows why the activity could not be read, and tries again', async () => {
    const user = userEvent.setup();
    vi.mocked(activity).mockRejectedValue(new CairnError('internal', '', 'The database is busy.'));
    render(Activity);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The database is busy.');
    vi.mocked(activity).mockResolvedValue(entries);
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Ana revised §2 Methods')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers older entries when the backend gave as many as asked for', async () => {
    const user = userEvent.setup();
    const full = Array.from({ length: pageSize }, (_, i) => entry(`f${i}`, hoursAgo(i / 100), 'vision', `Change ${i}`));
    vi.mocked(activity).mockResolvedValue(full);
    render(Activity);
    await user.click(await screen.findByRole('button', { name: 'Show older entries' }));
    await waitFor(() => expect(activity).toHaveBeenLastCalledWith({ ...everything, Limit: 2 * pageSize }));
  });
});

describe('At a glance', () => {
  const contributions: Contribution[] = [
    { id: 'c1', member: anaKey, type: 'code', note: '', status: 'accepted' },
    { id: 'c2', member: boKey, type: 'code', note: '', status: 'submitted' },
    { id: 'c3', member: boKey, type: 'translation', note: '', status: 'accepted' },
    { id: 'c4', member: boKey, type: 'translation', note: '', status: 'returned' },
  ];
  const decisions: Decision[] = [
    {
      id: 'd1', title: 'Pick a licence', description: '', method: 'consent', options: [], closes: '', quorum: 0, proposedBy: anaKey,
      votes: [{ member: anaKey, choice: 'consent' }],
      tally: { Voters: 1, QuorumMet: true, Counts: {}, Objections: 0, Averages: null },
      closed: null,
    },
  ];

  function rows(name: string): string[][] {
    const table = screen.getByRole('table', { name });
    return within(table).getAllByRole('row').map((r) => [...r.children].map((c) => c.textContent ?? ''));
  }

  it('gives each chart a heading and a table with its numbers', async () => {
    vi.mocked(areas.snapshot).mockImplementation(() => Promise.resolve(snapshot({ contributions, decisions })));
    await renderPage();
    const glance = screen.getByRole('region', { name: 'At a glance' });
    expect(within(glance).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Contributions by member and type',
      'Milestones',
      'Decision participation',
    ]);
    expect(rows('Contributions per member, by type')).toEqual([
      ['Member', 'Code', 'Translation'],
      ['Ana', '1', '0'],
      ['Bo', '1', '1'],
    ]);
    expect(rows('Steps done per milestone')).toEqual([
      ['Milestone', 'Steps done', 'Steps still to do'],
      ['Guide ready', '1', '1'],
    ]);
    expect(rows('Votes per decision')).toEqual([
      ['Decision', 'Voted', 'Did not vote'],
      ['Pick a licence', '1', '1'],
    ]);
  });

  it('counts only accepted contributions when asked', async () => {
    const user = userEvent.setup();
    vi.mocked(areas.snapshot).mockImplementation(() => Promise.resolve(snapshot({ contributions })));
    await renderPage();
    await user.click(screen.getByRole('checkbox', { name: 'Only accepted contributions' }));
    expect(rows('Contributions per member, by type')).toEqual([
      ['Member', 'Code', 'Translation'],
      ['Ana', '1', '0'],
      ['Bo', '0', '1'],
    ]);
  });

  it('says so when there is nothing to chart', async () => {
    vi.mocked(areas.snapshot).mockImplementation(() =>
      Promise.resolve(snapshot({ steps: snapshot().steps.map((s) => ({ ...s, milestone: false })) })),
    );
    await renderPage();
    expect(screen.getByText('No contribution has been logged yet.')).toBeTruthy();
    expect(screen.getByText('The roadmap has no milestone yet.')).toBeTruthy();
    expect(screen.getByText('No decision has been proposed yet.')).toBeTruthy();
    expect(screen.queryAllByRole('table')).toHaveLength(0);
  });
});
