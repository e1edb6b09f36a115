import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('./api', () => import('./test/fakeApi'));

import { CairnError, onMenuAbout, shell, workspace } from './api';
import App from './App.svelte';
import { info, status } from './test/fixtures';
import { resetStores } from './test/reset';

beforeEach(resetStores);

const h1 = () => screen.findByRole('heading', { level: 1 });

describe('App', () => {
  it('shows a calm loading state, then the first-run screen', async () => {
    let answer: (s: ReturnType<typeof status>) => void = () => {};
    vi.mocked(workspace.status).mockReturnValue(new Promise((r) => (answer = r)));
    render(App);
    expect(screen.getByRole('status').textContent).toContain('Opening Cairn…');
    answer(status('none'));
    expect((await h1()).textContent).toBe('Welcome to Cairn');
  });

  it('opens the shell when the workspace is ready', async () => {
    vi.mocked(workspace.status).mockResolvedValue(status('ready', { info }));
    render(App);
    expect((await h1()).textContent).toBe('Home');
    expect(screen.getByRole('navigation', { name: 'Areas' })).toBeTruthy();
  });

  it.each([
    ['newer', 'This workspace needs a newer Cairn', 'This workspace was made by a newer Cairn. Please update Cairn.'],
    ['locked', 'Cairn is already open', 'Another Cairn is using this data folder. Close it, then try again.'],
    ['unwritable', 'Cairn cannot save its data', 'Cairn cannot write to its data folder.'],
  ])('explains the %s state with the message as given and the folder', async (state, title, message) => {
    vi.mocked(workspace.status).mockResolvedValue(status(state, { message }));
    render(App);
    expect((await h1()).textContent).toBe(title);
    expect(screen.getByTestId('problem-message').textContent).toBe(message);
    expect(screen.getByTestId('data-folder').textContent).toBe('/home/amina/.local/share/cairn');
    expect(screen.queryByRole('button', { name: 'Move it aside and start again' })).toBeNull();
    expect(screen.queryAllByRole('button', { name: 'Try again' }).length).toBe(state === 'newer' ? 0 : 1);
  });

  it('moves damaged data aside after asking, and shows where it went', async () => {
    vi.mocked(workspace.status).mockResolvedValue(
      status('corrupt', { message: 'The workspace database is damaged.' }),
    );
    vi.mocked(workspace.moveAside).mockResolvedValue('/home/amina/.local/share/cairn/cairn.db.damaged');
    const user = userEvent.setup();
    render(App);
    expect((await h1()).textContent).toBe('Cairn cannot open your workspace');
    expect(screen.getByTestId('problem-message').textContent).toBe('The workspace database is damaged.');

    await user.click(screen.getByRole('button', { name: 'Move it aside and start again' }));
    expect(workspace.moveAside).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move it aside and start again' }));
    await user.click(screen.getByRole('button', { name: 'Move it aside and start again' }));

    vi.mocked(workspace.status).mockResolvedValue(status('none'));
    await user.click(screen.getByRole('button', { name: 'Yes, move it aside' }));
    expect(workspace.moveAside).toHaveBeenCalledTimes(1);
    expect((await screen.findByText('Welcome to Cairn')).tagName).toBe('H1');
    expect(screen.getByTestId('moved-to').textContent).toBe('/home/amina/.local/share/cairn/cairn.db.damaged');
  });

  it('says so when the status cannot be read, and tries again', async () => {
    vi.mocked(workspace.status).mockRejectedValueOnce(new CairnError('internal', '', 'Cairn’s engine did not answer.'));
    const user = userEvent.setup();
    render(App);
    expect((await h1()).textContent).toBe('Cairn could not start');
    expect(screen.getByTestId('problem-message').textContent).toBe('Cairn’s engine did not answer.');
    vi.mocked(workspace.status).mockResolvedValue(status('none'));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByText('Welcome to Cairn')).tagName).toBe('H1');
  });

  it('opens About from the menu, closes it, and gives focus back', async () => {
    let menuAbout: () => void = () => {};
    vi.mocked(onMenuAbout).mockImplementation((cb) => {
      menuAbout = cb;
      return () => {};
    });
    vi.mocked(shell.about).mockResolvedValue({
      name: 'Cairn',
      version: '0.1.0',
      goVersion: 'go1.24.2',
      dataDir: '/home/amina/.local/share/cairn',
    });
    vi.mocked(workspace.status).mockResolvedValue(status('none'));
    const user = userEvent.setup();
    render(App);
    const create = await screen.findByRole('button', { name: 'Create a workspace' });
    create.focus();

    menuAbout();
    const dialog = await screen.findByRole('dialog', { name: 'About Cairn' });
    expect((dialog as HTMLDialogElement).open).toBe(true);
    expect((await screen.findByTestId('about-version')).textContent).toBe('0.1.0');
    expect(dialog.textContent).toContain('Go 1.24.2');
    expect(dialog.textContent).toContain('/home/amina/.local/share/cairn');

    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect((dialog as HTMLDialogElement).open).toBe(false);
    expect(document.activeElement).toBe(create);
  });

  it('closes About with Escape', async () => {
    vi.mocked(shell.about).mockResolvedValue({ name: 'Cairn', version: '0.1.0', goVersion: 'go1.24', dataDir: '' });
    vi.mocked(workspace.status).mockResolvedValue(status('ready', { info }));
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: 'About Cairn' }));
    const dialog = (await screen.findByRole('dialog', { name: 'About Cairn' })) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    await user.keyboard('{Escape}');
    expect(dialog.open).toBe(false);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'About Cairn' }));
  });
});
