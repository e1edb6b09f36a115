import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../../api', () => import('../../test/fakeApi'));

import { areas, type Change } from '../../api';
import { resetStores } from '../../test/reset';
import MyChanges from './MyChanges.svelte';

const refused: Change = {
  id: 'c1',
  member: 'a',
  name: 'Ana',
  area: 'vision',
  what: 'offered: Field photographs',
  kind: 'refused',
  reason: 'the author had been removed from the workspace when this change was made',
  next: 'If it still matters, send it again once what it needs is there; nothing of it was lost.',
  at: '2026-11-29T10:00:00Z',
  action: 'send-again',
};

const ahead: Change = {
  ...refused,
  id: 'c2',
  what: 'set the vision',
  kind: 'ahead',
  reason: 'the computer it was made on had its clock set ahead: it carries the time 29 November 2027, 10:00 UTC',
  next: 'It applies on its own at that time. To apply it now, send it on: it then takes the time you do so.',
  action: 'send-now',
};

beforeEach(() => resetStores());

describe('My changes not in force', () => {
  it('says what, why and what to do, and sends a refused change again', async () => {
    vi.mocked(areas.myChanges).mockResolvedValueOnce([refused]).mockResolvedValue([]);
    render(MyChanges);
    await screen.findByRole('heading', { name: /My changes not in force/ });
    expect(screen.getByText(/you offered: Field photographs/)).toBeTruthy();
    expect(screen.getByText(/had been removed/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Send it again' }));
    expect(areas.resubmit).toHaveBeenCalledWith('c1');
    expect(await screen.findByRole('status')).toBeTruthy();
  });

  it('applies now a change made while the clock ran ahead, as its action says', async () => {
    vi.mocked(areas.myChanges).mockResolvedValueOnce([ahead]).mockResolvedValue([]);
    render(MyChanges);
    expect(await screen.findByText(/Waiting for the date it carries/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send it again' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Apply it now' }));
    expect(areas.resubmit).toHaveBeenCalledWith('c2');
    expect(await screen.findByText(/Applied now/)).toBeTruthy();
  });

  it('offers no button when the backend says nothing can be done', async () => {
    vi.mocked(areas.myChanges).mockResolvedValue([{ ...refused, kind: 'waiting', action: '' }]);
    render(MyChanges);
    await screen.findByText(/Kept, waiting for you to be let in/);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('says a change made after your removal is kept aside, with nothing to click', async () => {
    vi.mocked(areas.myChanges).mockResolvedValue([
      { ...refused, kind: 'removed', action: '', reason: 'a coordinator removed its author from the workspace before it reached them; it is kept, and a coordinator can still accept it', next: 'It is kept: a coordinator can still accept it.' },
    ]);
    render(MyChanges);
    await screen.findByText(/Kept aside: you had been removed before it reached the others/);
    expect(screen.getByText(/a coordinator can still accept it/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('stays out of the way when every change is in force', async () => {
    vi.mocked(areas.myChanges).mockResolvedValue([]);
    render(MyChanges);
    await vi.waitUntil(() => vi.mocked(areas.myChanges).mock.calls.length > 0);
    expect(screen.queryByRole('heading', { name: /My changes not in force/ })).toBeNull();
  });
});
