import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../api', () => import('../test/fakeApi'));

import { activity, type ActivityEntry } from '../api';
import { activityStore, datesProblem, pageSize, toFilter } from './activity.svelte';

function entry(id: string): ActivityEntry {
  return { id, at: '2026-03-01T10:00:00Z', member: 'k', name: 'Ana', area: 'vision', text: id };
}

beforeEach(() => activityStore.reset());

describe('activity store', () => {
  it('turns the filters into the backend’s filter', () => {
    expect(toFilter({ member: 'k', area: 'roadmap', since: '2026-01-01', until: '2026-01-31' }, 50)).toEqual({
      Member: 'k',
      Area: 'roadmap',
      Since: '2026-01-01',
      Until: '2026-01-31',
      Limit: 50,
    });
  });

  it('refuses an until day before the since day, and allows one bound or the same day', () => {
    expect(datesProblem({ since: '2026-02-01', until: '2026-01-31' })).not.toBeNull();
    expect(datesProblem({ since: '2026-02-01', until: '2026-02-01' })).toBeNull();
    expect(datesProblem({ since: '', until: '2026-01-31' })).toBeNull();
    expect(datesProblem({ since: '2026-02-01', until: '' })).toBeNull();
  });

  it('keeps only the newest answer when filters change quickly', async () => {
    let answerFirst: (entries: ActivityEntry[]) => void = () => {};
    vi.mocked(activity)
      .mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce([entry('new')]);
    const first = activityStore.setFilters({ area: 'vision' });
    const second = activityStore.setFilters({ area: 'roadmap' });
    await second;
    answerFirst([entry('old')]);
    await first;
    expect(activityStore.entries.map((e) => e.id)).toEqual(['new']);
    expect(activityStore.loading).toBe(false);
  });

  it('asks for more entries, and starts again from the newest when a filter changes', async () => {
    await activityStore.showMore();
    expect(activity).toHaveBeenLastCalledWith(expect.objectContaining({ Limit: 2 * pageSize }));
    await activityStore.setFilters({ member: 'k' });
    expect(activity).toHaveBeenLastCalledWith(expect.objectContaining({ Member: 'k', Limit: pageSize }));
  });
});
