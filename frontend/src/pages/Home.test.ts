import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { areas, CairnError, onChanged, sync, type Home as HomeView, type LastSync } from '../api';
import Home from './Home.svelte';
import { anaKey, boKey, cleoKey, snapshot } from '../test/snapshot';
import { resetStores } from '../test/reset';
import { homeStore } from '../stores/home.svelte';
import { syncStore } from '../stores/sync.svelte';
import { shellStore } from '../stores/shell.svelte';
import { isoDate } from '../components/sync/words';

function daysFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return isoDate(d);
}

const base = snapshot();
const [, analyse, guide] = base.steps;

function fixture(): HomeView {
  return {
    me: anaKey,
    steps: [
      { ...base.steps[0], id: 'late1', title: 'Survey the rivers', status: 'active', due: daysFromToday(-3) },
      { ...analyse, id: 'soon1', owner: anaKey, ownerName: 'Ana', due: daysFromToday(5) },
    ],
    parts: base.parts,
    reviews: [{ id: 'c1', member: boKey, type: 'a photo set', part: 'p2', note: 'Estuary photos', status: 'submitted' }],
    decisions: [
      {
        id: 'd1',
        title: 'Adopt the sampling method',
        description: '',
        method: 'consent',
        options: [],
        closes: '2027-01-15',
        quorum: 0,
        proposedBy: boKey,
        votes: [],
        tally: { Voters: 0, QuorumMet: false, Counts: {}, Objections: 0, Averages: null },
        closed: null,
      },
    ],
    requests: [
      { key: cleoKey, name: 'Cleo' },
      { key: 'd'.repeat(64), name: 'Ana', asksDeviceOf: anaKey },
    ],
    matches: [{ mine: 'x2', theirs: 'x1', side: 'offer', text: 'Portuguese translation', member: boKey }],
    milestones: [
      { ...guide, finished: 2, total: 5 },
      { ...guide, id: 'm2', title: 'Launch', finished: 0, total: 0 },
    ],
    suggestions: [],
  };
}

function empty(): HomeView {
  return { me: anaKey, steps: [], parts: [], reviews: [], decisions: [], requests: [], matches: [], milestones: [], suggestions: [] };
}

const never: LastSync = { at: '', summary: { stage: '', sent: 0, received: 0, applied: 0, held: 0, rejected: 0, problems: [], changesRefused: 0, changesWaiting: 0, changesAhead: 0, changes: [] } };

function section(name: string): HTMLElement {
  return screen.getByRole('heading', { level: 2, name: new RegExp(`^${name}`) }).closest('section') as HTMLElement;
}

beforeEach(() => {
  resetStores();
  homeStore.reset();
  syncStore.reset();
  vi.mocked(areas.snapshot).mockResolvedValue(snapshot());
  vi.mocked(sync.last).mockResolvedValue(never);
});

describe('Home', () => {
  it('lists what is expected of me, section by section', async () => {
    vi.mocked(areas.home).mockResolvedValue(fixture());
    render(Home);
    expect(await screen.findByText('Survey the rivers')).toBeTruthy();

    const steps = section('My steps due soon');
    const items = within(steps).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain('late');
    expect(items[1].textContent).toContain('Analyse samples');
    expect(items[1].textContent).not.toContain('late');

    expect(within(section('My parts')).getByText('Why rivers')).toBeTruthy();
    expect(within(section('My parts')).getByText('Methods')).toBeTruthy();
    expect(within(section('Reviews waiting for me')).getByText(/Bo submitted a photo set for Methods/)).toBeTruthy();
    expect(within(section('Decisions to vote on')).getByText('Adopt the sampling method')).toBeTruthy();
    const requests = section('Join and device requests').textContent ?? '';
    expect(requests).toContain('Cleo asks to join');
    expect(requests).toContain('another computer asks to join your membership');
    const matches = section('Offers and needs that match mine').textContent ?? '';
    expect(matches).toContain('Portuguese translation');
    expect(matches).toContain('Offered by Bo');
  });

  it('shows each milestone’s progress as a bar with its values', async () => {
    vi.mocked(areas.home).mockResolvedValue(fixture());
    render(Home);
    const bar = await screen.findByRole('progressbar', { name: 'Progress of Guide ready' });
    expect(bar.getAttribute('aria-valuenow')).toBe('2');
    expect(bar.getAttribute('aria-valuemax')).toBe('5');
    expect(bar.getAttribute('aria-valuetext')).toBe('2 of 5 steps done');
    expect(section('Milestone progress').textContent).toContain('2 of 5 steps done');
    // A milestone nothing leads to yet has no bar, and says so.
    expect(screen.getAllByRole('progressbar')).toHaveLength(1);
    expect(section('Milestone progress').textContent).toContain('No steps lead to it yet.');
  });

  it('says plainly when nothing waits', async () => {
    vi.mocked(areas.home).mockResolvedValue(empty());
    render(Home);
    expect(await screen.findByText('Nothing of yours is due in the next two weeks.')).toBeTruthy();
    for (const line of [
      'You do not own or write any part yet.',
      'No contribution waits for your review.',
      'No open decision waits for your vote.',
      'Nobody is waiting to be let in.',
      'No one else’s offers or needs match yours yet.',
      'The roadmap has no milestones yet.',
      'No open suggestions to your parts.',
    ]) {
      expect(screen.getByText(line)).toBeTruthy();
    }
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect((await screen.findByTestId('home-last-sync-when')).textContent).toBe('never');
  });

  it('shows the last sync in words with its outcome', async () => {
    vi.mocked(areas.home).mockResolvedValue(empty());
    const at = new Date();
    at.setHours(10, 30, 0, 0);
    vi.mocked(sync.last).mockResolvedValue({
      at: at.toISOString(),
      summary: {
        stage: 'done',
        sent: 3,
        received: 2,
        applied: 14,
        held: 0,
        rejected: 1,
        problems: [{ replica: 'r9', kind: 'refused', reason: 'the signature does not match' }],
        changesRefused: 0,
        changesWaiting: 0, changesAhead: 0,
        changes: [],
      },
    });
    render(Home);
    const when = await screen.findByTestId('home-last-sync-when');
    expect(when.textContent).toMatch(/^today at 10:30/);
    const card = section('Last sync').textContent ?? '';
    expect(card).toContain('3 segments sent, 2 received; 14 changes applied, 0 held, 1 refused.');
    expect(card).toContain('1 problem');
  });

  it('opens the area an item lives in', async () => {
    const user = userEvent.setup();
    vi.mocked(areas.home).mockResolvedValue(fixture());
    render(Home);
    await user.click(await screen.findByRole('button', { name: /Adopt the sampling method/ }));
    expect(shellStore.area).toBe('decisions');
    await user.click(screen.getByRole('button', { name: /Survey the rivers/ }));
    expect(shellStore.area).toBe('roadmap');
    await user.click(screen.getByRole('button', { name: /Cleo asks to join/ }));
    expect(shellStore.area).toBe('roles');
    await user.click(screen.getByRole('button', { name: 'Open Sync' }));
    expect(shellStore.area).toBe('sync');
  });

  it('refreshes when the shared state changes', async () => {
    vi.mocked(areas.home).mockResolvedValue(empty());
    render(Home);
    await screen.findByText('Nothing of yours is due in the next two weeks.');
    vi.mocked(areas.home).mockResolvedValue(fixture());
    for (const [cb] of vi.mocked(onChanged).mock.calls) cb('roadmap');
    expect(await screen.findByText('Survey the rivers')).toBeTruthy();
  });

  it('says why Home cannot be shown', async () => {
    vi.mocked(areas.home).mockRejectedValue(new CairnError('internal', '', 'The database is locked.'));
    render(Home);
    expect((await screen.findByRole('alert')).textContent).toContain('The database is locked.');
  });
});
