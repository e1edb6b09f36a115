import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { sync, type RemoteView } from '../api';
import CommandPalette from './CommandPalette.svelte';
import { paletteKeydown, paletteStore } from '../stores/palette.svelte';
import { shellStore } from '../stores/shell.svelte';
import { syncStore } from '../stores/sync.svelte';
import { resetStores } from '../test/reset';

const remote: RemoteView = { url: '/media/usb/guide.git', method: '', keyringAvailable: true, autoSyncMinutes: 0 };

// What the shell does: the window's keys go to the palette first.
function shellKeys(event: KeyboardEvent) {
  if (!paletteKeydown(event)) shellStore.handleKeydown(event);
}

let opener: HTMLButtonElement;

beforeEach(() => {
  resetStores();
  syncStore.reset();
  paletteStore.reset();
  window.addEventListener('keydown', shellKeys);
  opener = document.createElement('button');
  opener.textContent = 'Somewhere';
  document.body.append(opener);
  opener.focus();
});

afterEach(() => {
  window.removeEventListener('keydown', shellKeys);
  opener.remove();
});

const options = () => within(screen.getByRole('listbox', { name: 'Commands' })).getAllByRole('option');
const selected = () => options().find((o) => o.getAttribute('aria-selected') === 'true')?.textContent ?? '';

describe('CommandPalette', () => {
  it('opens with Ctrl+K as a labelled modal dialog, with every area and Sync now', async () => {
    const user = userEvent.setup();
    render(CommandPalette);
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.keyboard('{Control>}k{/Control}');
    const dialog = screen.getByRole('dialog', { name: 'Command palette' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const search = screen.getByRole('combobox', { name: 'Search commands' });
    expect(document.activeElement).toBe(search);
    const labels = options().map((o) => o.querySelector('span')?.textContent);
    expect(labels).toEqual([
      'Go to Home',
      'Go to Vision',
      'Go to Roadmap',
      'Go to Roles',
      'Go to Deliverable',
      'Go to Contributions',
      'Go to Decisions',
      'Go to Activity',
      'Go to Sync',
      'Go to Settings',
      'Sync now',
    ]);
  });

  it('opens with ⌘K too', async () => {
    const user = userEvent.setup();
    render(CommandPalette);
    await user.keyboard('{Meta>}k{/Meta}');
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('filters as you type, and Enter on "Go to Roadmap" opens Roadmap', async () => {
    const user = userEvent.setup();
    render(CommandPalette);
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('road');
    expect(options().map((o) => o.querySelector('span')?.textContent)).toEqual(['Go to Roadmap']);
    await user.keyboard('{Enter}');
    expect(shellStore.area).toBe('roadmap');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('moves with the arrow keys and runs the highlighted command', async () => {
    const user = userEvent.setup();
    render(CommandPalette);
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('go to');
    expect(selected()).toContain('Go to Home');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(selected()).toContain('Go to Roles');
    const search = screen.getByRole('combobox');
    const active = options().find((o) => o.getAttribute('aria-selected') === 'true');
    expect(search.getAttribute('aria-activedescendant')).toBe(active?.id);
    await user.keyboard('{ArrowUp}');
    expect(selected()).toContain('Go to Roadmap');
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(selected()).toContain('Go to Settings');
    await user.keyboard('{Enter}');
    expect(shellStore.area).toBe('settings');
  });

  it('says when nothing matches', async () => {
    const user = userEvent.setup();
    render(CommandPalette);
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('zzz');
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(screen.getByRole('status').textContent).toContain('No command matches “zzz”.');
  });

  it('closes on Escape and gives focus back', async () => {
    const user = userEvent.setup();
    render(CommandPalette);
    expect(document.activeElement).toBe(opener);
    await user.keyboard('{Control>}k{/Control}');
    expect(document.activeElement).not.toBe(opener);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(paletteStore.open).toBe(false);
    await vi.waitFor(() => expect(document.activeElement).toBe(opener));
    expect(shellStore.area).toBe('home');
  });

  it('keeps the shell’s shortcuts away while open', async () => {
    const user = userEvent.setup();
    render(CommandPalette);
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('{Control>}3{/Control}');
    expect(shellStore.area).toBe('home');
    await user.keyboard('{Escape}');
    await user.keyboard('{Control>}3{/Control}');
    expect(shellStore.area).toBe('roadmap');
  });

  it('syncs now from anywhere', async () => {
    const user = userEvent.setup();
    vi.mocked(sync.remote).mockResolvedValue(remote);
    vi.mocked(sync.now).mockResolvedValue({ stage: 'done', sent: 1, received: 0, applied: 0, held: 0, rejected: 0, problems: [], changesRefused: 0, changesWaiting: 0, changesAhead: 0, changes: [] });
    render(CommandPalette);
    await user.keyboard('{Control>}k{/Control}');
    await user.keyboard('sync now{Enter}');
    expect(shellStore.area).toBe('sync');
    await vi.waitFor(() => expect(sync.now).toHaveBeenCalledWith());
    await vi.waitFor(() => expect(syncStore.summary?.sent).toBe(1));
  });
});
