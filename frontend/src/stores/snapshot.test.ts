import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../api', () => import('../test/fakeApi'));

import { areas, onChanged } from '../api';
import { snapshot } from '../test/snapshot';
import { resetStores } from '../test/reset';
import { snapshotStore } from './snapshot.svelte';

let changed: (area: string) => void = () => {};

beforeEach(() => {
  resetStores();
  vi.mocked(onChanged).mockImplementation((cb) => {
    changed = cb;
    return () => {};
  });
  vi.mocked(areas.snapshot).mockImplementation(() => Promise.resolve(snapshot()));
});

describe('snapshotStore', () => {
  it('reads again only the area a change touched, and keeps the others', async () => {
    await snapshotStore.start();
    const before = snapshotStore.snapshot!;
    const parts = snapshot().parts;
    parts[0].title = 'Why rivers matter';
    vi.mocked(areas.snapshotOf).mockResolvedValue({ name: before.name, members: before.members, parts });
    changed('deliverable');
    await snapshotStore.refresh('deliverable');
    expect(areas.snapshotOf).toHaveBeenCalledWith('deliverable');
    expect(areas.snapshot).toHaveBeenCalledTimes(1);
    expect(snapshotStore.snapshot!.parts[0].title).toBe('Why rivers matter');
    expect(snapshotStore.snapshot!.steps).toEqual(snapshot().steps);
    expect(snapshotStore.snapshot!.decisions).toEqual(snapshot().decisions);
  });

  it('joins a read asked for again before it started, and reads everything after a sync', async () => {
    await snapshotStore.start();
    vi.mocked(areas.snapshotOf).mockResolvedValue({});
    await Promise.all([snapshotStore.refresh('roadmap'), snapshotStore.refresh('roadmap'), snapshotStore.refresh('roadmap')]);
    expect(vi.mocked(areas.snapshotOf).mock.calls.length).toBeLessThanOrEqual(2);
    await snapshotStore.refresh('sync');
    expect(areas.snapshot).toHaveBeenCalledTimes(2);
  });

  it('lands answers in the order the reads were asked for', async () => {
    await snapshotStore.start();
    let slow: (s: ReturnType<typeof snapshot>) => void = () => {};
    vi.mocked(areas.snapshot).mockImplementationOnce(() => new Promise((r) => (slow = r)));
    const parts = snapshot().parts;
    parts[0].title = 'Newer';
    vi.mocked(areas.snapshotOf).mockResolvedValue({ parts });
    const full = snapshotStore.refresh();
    const partial = snapshotStore.refresh('deliverable');
    await vi.waitUntil(() => vi.mocked(areas.snapshot).mock.calls.length === 2);
    slow(snapshot());
    await Promise.all([full, partial]);
    expect(snapshotStore.snapshot!.parts[0].title).toBe('Newer');
  });
});
