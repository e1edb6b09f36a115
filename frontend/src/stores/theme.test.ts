import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../api', () => import('../test/fakeApi'));

import { shell } from '../api';
import { applyTheme, resolveTheme, ThemeStore, type DarkMedia } from './theme.svelte';

class FakeMedia implements DarkMedia {
  listeners = new Set<(e: { matches: boolean }) => void>();
  constructor(public matches: boolean) {}
  addEventListener(_: 'change', l: (e: { matches: boolean }) => void) {
    this.listeners.add(l);
  }
  removeEventListener(_: 'change', l: (e: { matches: boolean }) => void) {
    this.listeners.delete(l);
  }
  set(matches: boolean) {
    this.matches = matches;
    for (const l of this.listeners) l({ matches });
  }
}

const root = () => document.documentElement.dataset.theme;
const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  delete document.documentElement.dataset.theme;
});

describe('resolveTheme', () => {
  it('follows the system only when asked to', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

describe('applyTheme', () => {
  it('sets data-theme and color-scheme on the root', () => {
    const el = document.createElement('html');
    applyTheme('dark', el);
    expect(el.dataset.theme).toBe('dark');
    expect(el.style.colorScheme).toBe('dark');
  });
});

describe('ThemeStore', () => {
  it('applies the system theme at once, then the saved preference', async () => {
    vi.mocked(shell.theme).mockResolvedValue('light');
    const store = new ThemeStore();
    store.start(new FakeMedia(true));
    expect(root()).toBe('dark');
    await flush();
    expect(store.preference).toBe('light');
    expect(root()).toBe('light');
  });

  it('follows the system live while the preference is "system"', async () => {
    vi.mocked(shell.theme).mockResolvedValue('system');
    const media = new FakeMedia(false);
    const store = new ThemeStore();
    const stop = store.start(media);
    await flush();
    expect(root()).toBe('light');
    media.set(true);
    expect(store.resolved).toBe('dark');
    expect(root()).toBe('dark');
    stop();
    expect(media.listeners.size).toBe(0);
  });

  it('keeps a fixed choice when the system changes', async () => {
    vi.mocked(shell.theme).mockResolvedValue('dark');
    const media = new FakeMedia(false);
    const store = new ThemeStore();
    store.start(media);
    await flush();
    media.set(false);
    expect(root()).toBe('dark');
  });

  it('ignores an unknown saved value', async () => {
    vi.mocked(shell.theme).mockResolvedValue('sepia');
    const store = new ThemeStore();
    store.start(new FakeMedia(false));
    await flush();
    expect(store.preference).toBe('system');
  });

  it('applies a choice at once and saves it', async () => {
    const store = new ThemeStore();
    store.start(new FakeMedia(false));
    await store.choose('dark');
    expect(root()).toBe('dark');
    expect(shell.setTheme).toHaveBeenCalledWith('dark');
    expect(store.saveError).toBeNull();
  });

  it('does not let a slow load undo a choice made meanwhile', async () => {
    let answer: (v: string) => void = () => {};
    vi.mocked(shell.theme).mockReturnValue(new Promise<string>((r) => (answer = r)));
    const store = new ThemeStore();
    store.start(new FakeMedia(false));
    await store.choose('dark');
    answer('light');
    await flush();
    expect(store.preference).toBe('dark');
    expect(root()).toBe('dark');
  });

  it('keeps the choice applied and says so when it cannot be saved', async () => {
    const { CairnError } = await import('../api');
    vi.mocked(shell.setTheme).mockRejectedValue(new CairnError('internal', '', 'The disk is full.'));
    const store = new ThemeStore();
    store.start(new FakeMedia(false));
    await store.choose('dark');
    expect(root()).toBe('dark');
    expect(store.saveError).toContain('The disk is full.');
  });
});
