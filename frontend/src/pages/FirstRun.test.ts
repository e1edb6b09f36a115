import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { CairnError, workspace } from '../api';
import FirstRun from './FirstRun.svelte';
import { workspaceStore } from '../stores/workspace.svelte';
import { info, status } from '../test/fixtures';
import { resetStores } from '../test/reset';

beforeEach(() => {
  resetStores();
  workspaceStore.status = status('none');
});

async function openCreateForm() {
  const user = userEvent.setup();
  render(FirstRun);
  await user.click(screen.getByRole('button', { name: 'Create a workspace' }));
  return user;
}

function describedText(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('FirstRun', () => {
  it('welcomes and offers two choices', () => {
    render(FirstRun);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Welcome to Cairn');
    expect(screen.getByRole('button', { name: 'Create a workspace' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Join a workspace' })).toBeTruthy();
  });

  it('opens the join form with the address focused, and goes back', async () => {
    const user = userEvent.setup();
    render(FirstRun);
    await user.click(screen.getByRole('button', { name: 'Join a workspace' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Where your community syncs'));
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Join a workspace' }));
  });

  it('flags an empty address and name next to their fields and sends nothing', async () => {
    const user = userEvent.setup();
    render(FirstRun);
    await user.click(screen.getByRole('button', { name: 'Join a workspace' }));
    await user.click(screen.getByRole('button', { name: 'Join workspace' }));
    const url = screen.getByLabelText('Where your community syncs');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(url)).toContain('Please give the address');
    expect(screen.getByLabelText('Your name').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(url);
    expect(workspace.join).not.toHaveBeenCalled();
  });

  it('asks for a key file only with SSH keys, and a token only with https', async () => {
    const user = userEvent.setup();
    render(FirstRun);
    await user.click(screen.getByRole('button', { name: 'Join a workspace' }));
    expect(screen.queryByLabelText('SSH key file')).toBeNull();
    await user.click(screen.getByLabelText('SSH, with a key file'));
    expect(screen.getByLabelText('SSH key file')).toBeTruthy();
    await user.type(screen.getByLabelText('Where your community syncs'), 'git@example.org:guide.git');
    await user.type(screen.getByLabelText('Your name'), 'Bo');
    await user.click(screen.getByRole('button', { name: 'Join workspace' }));
    expect(screen.getByLabelText('SSH key file').getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByLabelText('A user name and a token (https)'));
    expect(screen.queryByLabelText('SSH key file')).toBeNull();
    expect((screen.getByLabelText('Token or password') as HTMLInputElement).type).toBe('password');
  });

  it('joins, shows the words to send a coordinator, then opens the workspace', async () => {
    vi.mocked(workspace.join).mockResolvedValue({ info, ask: 'Please approve Bo in Open Seeds Guide. My key is SHA256:xyz.', keyring: '' });
    const user = userEvent.setup();
    render(FirstRun);
    await user.click(screen.getByRole('button', { name: 'Join a workspace' }));
    await user.type(screen.getByLabelText('Where your community syncs'), '  /media/usb/guide.git ');
    await user.type(screen.getByLabelText('Your name'), 'Bo');
    await user.click(screen.getByRole('button', { name: 'Join workspace' }));
    expect(workspace.join).toHaveBeenCalledWith({ url: '/media/usb/guide.git', name: 'Bo', method: '', user: '', keyFile: '', secret: '', device: false });
    expect((await screen.findByTestId('join-ask')).textContent).toBe('Please approve Bo in Open Seeds Guide. My key is SHA256:xyz.');
    await user.click(screen.getByRole('button', { name: 'Open the workspace' }));
    expect(workspaceStore.status?.state).toBe('ready');
    expect(workspaceStore.joined).toBeNull();
  });

  it('shows a refusal from the backend next to the field it is about', async () => {
    vi.mocked(workspace.join).mockRejectedValue(new CairnError('invalid', 'name', 'Someone called "Bo" is already in this workspace.'));
    const user = userEvent.setup();
    render(FirstRun);
    await user.click(screen.getByRole('button', { name: 'Join a workspace' }));
    await user.type(screen.getByLabelText('Where your community syncs'), '/media/usb/guide.git');
    await user.type(screen.getByLabelText('Your name'), 'Bo');
    await user.click(screen.getByRole('button', { name: 'Join workspace' }));
    const name = screen.getByLabelText('Your name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(name)).toContain('already in this workspace');
  });

  it('shows an error next to an empty name and sends nothing', async () => {
    const user = await openCreateForm();
    const name = screen.getByLabelText('Workspace name');
    expect(document.activeElement).toBe(name);
    await user.type(name, 'Open Seeds Guide');
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    const member = screen.getByLabelText('Your name');
    expect(member.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(member)).toContain('Please enter your name');
    expect(name.getAttribute('aria-invalid')).toBeNull();
    expect(document.activeElement).toBe(member);
    expect(workspace.create).not.toHaveBeenCalled();

    // The message goes as soon as the name is fine.
    await user.type(member, 'Amina');
    expect(member.getAttribute('aria-invalid')).toBeNull();
    expect(describedText(member)).not.toContain('Please enter your name');
  });

  it('refuses a name over 80 characters', async () => {
    const user = await openCreateForm();
    await user.click(screen.getByLabelText('Workspace name'));
    await user.paste('x'.repeat(81));
    await user.type(screen.getByLabelText('Your name'), 'Amina');
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(describedText(screen.getByLabelText('Workspace name'))).toContain('80 characters or fewer');
    expect(workspace.create).not.toHaveBeenCalled();
  });

  it('shows "Creating…" while it works, then lands in the shell', async () => {
    let finish: (i: typeof info) => void = () => {};
    vi.mocked(workspace.create).mockReturnValue(new Promise((r) => (finish = r)));
    const user = await openCreateForm();
    await user.type(screen.getByLabelText('Workspace name'), ' Open Seeds Guide ');
    await user.type(screen.getByLabelText('Your name'), 'Amina');
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    const busy = screen.getByRole('button', { name: 'Creating…' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    expect(workspace.create).toHaveBeenCalledWith('Open Seeds Guide', 'Amina');
    finish(info);
    await vi.waitFor(() => expect(workspaceStore.screen).toBe('shell'));
  });

  it('shows a server error next to the field it names', async () => {
    vi.mocked(workspace.create).mockRejectedValue(
      new CairnError('invalid', 'memberName', 'A name cannot contain “<” or “>”.'),
    );
    const user = await openCreateForm();
    await user.type(screen.getByLabelText('Workspace name'), 'Guide');
    await user.type(screen.getByLabelText('Your name'), '<b>');
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    const member = await screen.findByLabelText('Your name');
    await vi.waitFor(() => expect(member.getAttribute('aria-invalid')).toBe('true'));
    expect(describedText(member)).toContain('A name cannot contain “<” or “>”.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect((screen.getByRole('button', { name: 'Create workspace' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows a server error with no field above the form', async () => {
    vi.mocked(workspace.create).mockRejectedValue(new CairnError('internal', '', 'The disk is full.'));
    const user = await openCreateForm();
    await user.type(screen.getByLabelText('Workspace name'), 'Guide');
    await user.type(screen.getByLabelText('Your name'), 'Amina');
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The disk is full.');
  });
});
