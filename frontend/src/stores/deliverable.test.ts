import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../api', () => import('../test/fakeApi'));

import { CairnError, deliverable, type Info, type Part, type PartView } from '../api';
import { anaKey, boKey, cleoKey, partMay, snapshot } from '../test/snapshot';
import { resetStores } from '../test/reset';
import { snapshotStore } from './snapshot.svelte';
import { readyStatus, workspaceStore } from './workspace.svelte';
import { autosaveDelay, beforeFor, deliverableStore as store, validatePartForm, wholeMarkdown } from './deliverable.svelte';

function info(key: string): Info {
  return { workspaceId: 'w', workspaceName: 'River Guide', memberName: 'Ana', publicKey: key, keyFingerprint: '', replicaId: 'r1', createdAt: '', dataDir: '/d' };
}

function viewOf(part: Part): PartView {
  return { ...part, may: partMay(part, workspaceStore.status?.info?.publicKey ?? ''), revisions: [], suggestions: [], comments: [], conflict: null };
}

beforeEach(() => {
  resetStores();
  store.reset();
  vi.useFakeTimers();
  snapshotStore.snapshot = snapshot();
  workspaceStore.status = readyStatus(info(anaKey));
  vi.mocked(deliverable.part).mockImplementation((id) => Promise.resolve(viewOf(snapshot().parts.find((p) => p.id === id)!)));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('autosave', () => {
  it('saves a burst of typing once, after the delay', async () => {
    await store.open('p1');
    expect(store.text).toBe('Rivers carry stories.\n');
    store.edit('Rivers carry');
    await vi.advanceTimersByTimeAsync(300);
    store.edit('Rivers carry songs');
    await vi.advanceTimersByTimeAsync(300);
    store.edit('Rivers carry songs.');
    await vi.advanceTimersByTimeAsync(autosaveDelay - 1);
    expect(deliverable.write).not.toHaveBeenCalled();
    expect(store.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(deliverable.write).toHaveBeenCalledTimes(1);
    expect(deliverable.write).toHaveBeenCalledWith('p1', 'Rivers carry songs.');
    expect(store.saveState).toBe('saved');
    expect(store.dirty).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(deliverable.write).toHaveBeenCalledTimes(1);
  });

  it('does not save when the text is back to what is stored', async () => {
    await store.open('p1');
    store.edit('x');
    store.edit('Rivers carry stories.\n');
    await vi.advanceTimersByTimeAsync(autosaveDelay * 2);
    expect(deliverable.write).not.toHaveBeenCalled();
  });

  it('saves the pending text at once when another part is opened', async () => {
    await store.open('p1');
    store.edit('Rivers carry songs.');
    await store.open('p2');
    expect(deliverable.write).toHaveBeenCalledExactlyOnceWith('p1', 'Rivers carry songs.');
    expect(store.selected).toBe('p2');
    expect(store.text).toBe('');
    await vi.advanceTimersByTimeAsync(autosaveDelay * 2);
    expect(deliverable.write).toHaveBeenCalledTimes(1);
  });

  it('keeps a refusal and the typed text, and stays on the part', async () => {
    vi.mocked(deliverable.write).mockRejectedValue(new CairnError('invalid', '', 'The text is too long.'));
    await store.open('p1');
    store.edit('Too long');
    await vi.advanceTimersByTimeAsync(autosaveDelay);
    expect(store.saveState).toBe('refused');
    expect(store.saveError).toBe('The text is too long.');
    expect(store.text).toBe('Too long');
    expect(await store.open('p2')).toBe(false);
    expect(store.selected).toBe('p1');
    store.discard();
    expect(store.text).toBe('Rivers carry stories.\n');
    expect(await store.open('p2')).toBe(true);
  });

  it('takes “nothing to save” as saved', async () => {
    vi.mocked(deliverable.write).mockRejectedValue(new CairnError('unchanged', '', 'The part "Why rivers" already has this text; nothing to save.'));
    await store.open('p1');
    store.edit('Same');
    await vi.advanceTimersByTimeAsync(autosaveDelay);
    expect(store.saveState).toBe('saved');
    expect(store.saveError).toBeNull();
  });

  it('decides “nothing to save” by the code, never by the words', async () => {
    vi.mocked(deliverable.write).mockRejectedValue(new CairnError('conflict', '', 'Nothing to save, say these words.'));
    await store.open('p1');
    store.edit('Same');
    await vi.advanceTimersByTimeAsync(autosaveDelay);
    expect(store.saveState).toBe('refused');
    expect(store.saveError).toBe('Nothing to save, say these words.');
  });

  it('never replaces typing with a refreshed text, and loads it when nothing is pending', async () => {
    await store.open('p1');
    store.edit('My typing');
    const s = snapshot();
    s.parts[0].text = 'Someone else’s text';
    snapshotStore.snapshot = s;
    store.snapshotChanged();
    expect(store.text).toBe('My typing');

    await vi.advanceTimersByTimeAsync(autosaveDelay);
    expect(deliverable.write).toHaveBeenCalledWith('p1', 'My typing');
    // Our own save comes back in the snapshot: nothing changes.
    const mine = snapshot();
    mine.parts[0].text = 'My typing';
    snapshotStore.snapshot = mine;
    store.snapshotChanged();
    expect(store.text).toBe('My typing');
    // A sync brings another text while nothing is typed: it is shown.
    const synced = snapshot();
    synced.parts[0].text = 'From the sync';
    snapshotStore.snapshot = synced;
    store.snapshotChanged();
    expect(store.text).toBe('From the sync');
  });

  it('does not save for someone who may only suggest', async () => {
    workspaceStore.status = readyStatus(info(boKey));
    await store.open('p1');
    expect(store.writable).toBe(false);
    store.edit('A suggestion');
    await vi.advanceTimersByTimeAsync(autosaveDelay * 2);
    expect(deliverable.write).not.toHaveBeenCalled();
  });
});

describe('who writes', () => {
  it('leaves a collaboration part to its named writers', async () => {
    workspaceStore.status = readyStatus(info(cleoKey));
    await store.open('p2'); // collaboration, written by Bo only
    expect(store.may).toEqual({ write: false, suggest: true, review: false, changeSettings: false });
    expect(store.writable).toBe(false);
  });

  it('takes what the backend says the person may do, and works out nothing itself', async () => {
    vi.mocked(deliverable.part).mockImplementation((id) => {
      const view = viewOf(snapshot().parts.find((p) => p.id === id)!);
      return Promise.resolve({ ...view, may: { write: false, suggest: false, review: false, changeSettings: false } });
    });
    await store.open('p1'); // Ana's own cooperation part
    expect(store.writable).toBe(false);
    expect(store.may?.suggest).toBe(false);
  });

  it('decides nothing before the part has been read', async () => {
    let answer: (v: PartView) => void = () => {};
    vi.mocked(deliverable.part).mockImplementation(() => new Promise((r) => (answer = r)));
    const opening = store.open('p1');
    await vi.waitUntil(() => vi.mocked(deliverable.part).mock.calls.length > 0);
    expect(store.may).toBeNull();
    expect(store.writable).toBe(false);
    answer(viewOf(snapshot().parts[0]));
    await opening;
    expect(store.writable).toBe(true);
  });
});

describe('helpers', () => {
  it('finds the neighbour to move before', () => {
    const ids = ['a', 'b', 'c'];
    expect(beforeFor(ids, 0, 1)).toBe('c');
    expect(beforeFor(ids, 1, 2)).toBe('');
    expect(beforeFor(ids, 2, 1)).toBe('b');
    expect(beforeFor(ids, 2, 0)).toBe('a');
  });


  it('checks the title of a new part', () => {
    expect(validatePartForm({ title: '  ' }).title).toBe('Give the part a title.');
    expect(validatePartForm({ title: 'x'.repeat(201) }).title).toContain('201');
    expect(validatePartForm({ title: 'x'.repeat(200) })).toEqual({});
  });

  it('joins the parts as one document', () => {
    expect(wholeMarkdown([{ title: 'A', text: 'one\n' }, { title: 'B', text: '' }])).toBe('## A\n\none\n\n## B\n\n\n');
  });
});
