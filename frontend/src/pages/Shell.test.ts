import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { areas } from '../api';
import Shell from './Shell.svelte';
import { aboutStore } from '../stores/about.svelte';
import { info } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { snapshot } from '../test/snapshot';

beforeEach(resetStores);

function area(name: string) {
  return within(screen.getByRole('navigation', { name: 'Areas' })).getByRole('button', { name });
}

const heading = () => screen.getByRole('heading', { level: 1 }).textContent;

describe('Shell', () => {
  it('shows whose workspace it is and every area in order', () => {
    render(Shell, { info });
    expect(screen.getByText('Open Seeds Guide')).toBeTruthy();
    expect(screen.getByText('you: Amina')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Areas' });
    expect(within(nav).getAllByRole('button').map((b) => b.textContent?.replace(/Ctrl\+.*/, '').trim())).toEqual([
      'Home',
      'Vision',
      'Roadmap',
      'Roles',
      'Deliverable',
      'Contributions',
      'Decisions',
      'Activity',
      'Sync',
      'Settings',
    ]);
    expect(area('Home').getAttribute('aria-current')).toBe('page');
    expect(heading()).toBe('Home');
  });

  it('has one Tab stop in the sidebar, on the current area', () => {
    render(Shell, { info });
    const nav = screen.getByRole('navigation', { name: 'Areas' });
    const stops = within(nav)
      .getAllByRole('button')
      .filter((b) => b.tabIndex === 0);
    expect(stops).toEqual([area('Home')]);
  });

  it('moves focus with the arrow keys and opens the area on Enter', async () => {
    const user = userEvent.setup();
    render(Shell, { info });
    area('Home').focus();

    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(area('Vision'));
    expect(area('Vision').tabIndex).toBe(0);
    expect(area('Home').tabIndex).toBe(-1);
    // Moving focus does not open the area yet.
    expect(area('Home').getAttribute('aria-current')).toBe('page');

    await user.keyboard('{Enter}');
    expect(area('Vision').getAttribute('aria-current')).toBe('page');
    expect(area('Home').getAttribute('aria-current')).toBeNull();
    expect(heading()).toBe('Vision');

    await user.keyboard('{End}');
    expect(document.activeElement).toBe(area('Settings'));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(area('Home'));
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(area('Settings'));
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(area('Home'));
    await user.keyboard('{ArrowDown}{ArrowDown} ');
    expect(heading()).toBe('Roadmap');
  });

  it('switches area with Ctrl+digit and Ctrl+,', async () => {
    const user = userEvent.setup();
    render(Shell, { info });
    await user.keyboard('{Control>}4{/Control}');
    expect(heading()).toBe('Roles');
    expect(area('Roles').getAttribute('aria-current')).toBe('page');
    expect(area('Roles').tabIndex).toBe(0);
    await user.keyboard('{Control>},{/Control}');
    expect(heading()).toBe('Settings');
    await user.keyboard('{Control>}0{/Control}');
    expect(heading()).toBe('Settings');
    await user.keyboard('1');
    expect(heading()).toBe('Settings');
  });

  it('shows every area itself, no longer a promise', async () => {
    const user = userEvent.setup();
    vi.mocked(areas.snapshot).mockResolvedValue(snapshot());
    render(Shell, { info });
    for (const name of ['Vision', 'Roadmap', 'Roles', 'Deliverable', 'Contributions', 'Decisions', 'Activity', 'Sync']) {
      await user.click(area(name));
      expect(screen.getByRole('main').textContent, name).not.toContain('Coming soon in Cairn');
    }
    await user.click(area('Roles'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Who holds which role' })).toBeTruthy();
  });

  it('opens About from the sidebar, and leaves the keys to it while open', async () => {
    const user = userEvent.setup();
    render(Shell, { info });
    await user.click(screen.getByRole('button', { name: 'About Cairn' }));
    expect(aboutStore.open).toBe(true);
    await user.keyboard('{Control>}3{/Control}');
    expect(heading()).toBe('Home');
  });
});
