import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { areas, CairnError, shell } from '../api';
import Settings from './Settings.svelte';
import { info } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { snapshot } from '../test/snapshot';

beforeEach(() => {
  resetStores();
  vi.mocked(areas.snapshot).mockResolvedValue(snapshot());
  document.documentElement.dataset.theme = 'light';
});

describe('Settings', () => {
  it('shows who you are and where the data lives', () => {
    render(Settings, { info });
    const text = document.body.textContent ?? '';
    for (const value of ['Amina', 'SHA256:abcd efgh ijkl', 'r-42', 'Open Seeds Guide', info.dataDir]) {
      expect(text).toContain(value);
    }
    expect(text).toContain('2025');
    expect(text).not.toContain('2025-03-14T09:26:53Z');
  });

  it('applies a theme at once and saves it', async () => {
    const user = userEvent.setup();
    render(Settings, { info });
    const group = screen.getByRole('group', { name: 'Theme' });
    expect(group).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'Follow the system' }) as HTMLInputElement).checked).toBe(true);

    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(shell.setTheme).toHaveBeenCalledWith('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect((screen.getByRole('radio', { name: 'Dark' }) as HTMLInputElement).checked).toBe(true);

    await user.click(screen.getByRole('radio', { name: 'Light' }));
    expect(shell.setTheme).toHaveBeenLastCalledWith('light');
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('says so when the choice cannot be kept', async () => {
    vi.mocked(shell.setTheme).mockRejectedValue(new CairnError('internal', '', 'The disk is full.'));
    const user = userEvent.setup();
    render(Settings, { info });
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The disk is full.');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('saves an export where the person chooses and says where', async () => {
    vi.mocked(shell.export).mockResolvedValueOnce('/home/amina/river-guide.md').mockResolvedValueOnce('');
    const user = userEvent.setup();
    render(Settings, { info });
    await user.click(screen.getByRole('button', { name: 'The deliverable as Markdown' }));
    expect(shell.export).toHaveBeenCalledWith('md');
    expect((await screen.findByText('Saved to /home/amina/river-guide.md')).getAttribute('role')).toBe('status');
    await user.click(screen.getByRole('button', { name: 'The roadmap as a calendar (.ics)' }));
    expect(await screen.findByText('Not saved: you cancelled.')).toBeTruthy();
  });

  it('shows a refused export in an alert', async () => {
    vi.mocked(shell.export).mockRejectedValue(new CairnError('unwritable', '', 'Cairn could not write /x.'));
    const user = userEvent.setup();
    render(Settings, { info });
    await user.click(screen.getByRole('button', { name: 'The credits' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Cairn could not write /x.');
  });
});
