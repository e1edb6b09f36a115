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

  it('stays out of the way when every change is in force', async () => {
    vi.mocked(areas.myChanges).mockResolvedValue([]);
    render(MyChanges);
    await vi.waitUntil(() => vi.mocked(areas.myChanges).mock.calls.length > 0);
    expect(screen.queryByRole('heading', { name: /My changes not in force/ })).toBeNull();
  });
});
