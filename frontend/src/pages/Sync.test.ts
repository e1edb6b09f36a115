import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { areas, CairnError, onSyncProgress, sync, type Change, type RemoteView, type SyncProgress, type SyncSummary } from '../api';
import Sync from './Sync.svelte';
import { resetStores } from '../test/reset';
import { syncStore } from '../stores/sync.svelte';

function remote(extra: Partial<RemoteView> = {}): RemoteView {
  return {
    url: '/media/usb/river-guide.git',
    method: '',
    user: '',
    keyFile: '',
    knownHosts: '',
    keyringAvailable: true,
    autoSyncMinutes: 0,
    ...extra,
  };
}

function summary(extra: Partial<SyncSummary> = {}): SyncSummary {
  return { stage: 'done', sent: 3, received: 2, applied: 14, held: 0, rejected: 1, problems: [], changesRefused: 0, changesWaiting: 0, changesAhead: 0, changes: [], ...extra };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function section(name: string): HTMLElement {
  return screen.getByRole('heading', { level: 2, name }).closest('section, form') as HTMLElement;
}

beforeEach(() => {
  resetStores();
  syncStore.reset();
  vi.mocked(sync.remote).mockResolvedValue(remote());
  vi.mocked(sync.last).mockResolvedValue({ at: '', summary: summary({ sent: 0, received: 0, applied: 0, rejected: 0 }) });
});

describe('Sync: the remote', () => {
  it('saves the settings and the secret, and shows where the secret went', async () => {
    const user = userEvent.setup();
    vi.mocked(sync.setRemote).mockResolvedValue("Your secret is kept in your computer's keyring.");
    render(Sync);
    const address = await screen.findByLabelText('Address');
    await vi.waitFor(() => expect((address as HTMLInputElement).value).toBe('/media/usb/river-guide.git'));

    await user.clear(address);
    await user.type(address, 'https://git.example.org/river-guide.git');
    await user.click(screen.getByRole('radio', { name: 'A user name and a token (https)' }));
    await user.type(screen.getByLabelText('User name'), 'ana');
    await user.type(screen.getByLabelText(/Token or password \(kept in your computer’s keyring\)/), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Save the remote' }));

    expect(sync.setRemote).toHaveBeenCalledWith(
      { url: 'https://git.example.org/river-guide.git', method: 'password', user: 'ana', keyFile: '', knownHosts: '' },
      's3cret',
    );
    const status = within(section('Remote')).getByRole('status');
    await vi.waitFor(() => expect(status.textContent).toContain("Your secret is kept in your computer's keyring."));
  });

  it('needs an address, and shows the backend’s word on it next to the field', async () => {
    const user = userEvent.setup();
    vi.mocked(sync.remote).mockResolvedValue(remote({ url: '' }));
    render(Sync);
    const address = await screen.findByLabelText('Address');
    await user.click(screen.getByRole('button', { name: 'Save the remote' }));
    expect(sync.setRemote).not.toHaveBeenCalled();
    expect(address.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('sync-url-error')?.textContent).toContain('Please give the address');

    vi.mocked(sync.setRemote).mockRejectedValue(
      new CairnError('invalid', 'url', '"nowhere" is not a remote Cairn can use.'),
    );
    await user.type(address, 'nowhere');
    await user.click(screen.getByRole('button', { name: 'Save the remote' }));
    await vi.waitFor(() =>
      expect(document.getElementById('sync-url-error')?.textContent).toBe('"nowhere" is not a remote Cairn can use.'),
    );
    expect(address.getAttribute('aria-describedby')).toContain('sync-url-error');
    expect(document.activeElement).toBe(address);
  });

  it('says plainly when no keyring runs', async () => {
    const user = userEvent.setup();
    vi.mocked(sync.remote).mockResolvedValue(remote({ keyringAvailable: false }));
    render(Sync);
    await screen.findByLabelText('Address');
    await vi.waitFor(() => expect(syncStore.remote).not.toBeNull());
    await user.click(screen.getByRole('radio', { name: 'SSH, with a key file' }));
    expect(section('Remote').textContent).toContain(
      'No keyring runs on this computer: Cairn will ask for the secret at each sync, or read CAIRN_GIT_PASSWORD / CAIRN_SSH_PASSPHRASE.',
    );
    expect(screen.queryByLabelText(/keyring\)/)).toBeNull();
  });
});

describe('Sync now', () => {
  it('shows each stage while it runs, then the summary in words', async () => {
    const user = userEvent.setup();
    const running = deferred<SyncSummary>();
    vi.mocked(sync.now).mockReturnValue(running.promise);
    render(Sync);
    await vi.waitFor(() => expect(onSyncProgress).toHaveBeenCalled());
    const report = vi.mocked(onSyncProgress).mock.calls[0][0];

    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(sync.now).toHaveBeenCalledWith();
    const progress = (p: Partial<SyncProgress>) =>
      report({ stage: 'export', sent: 0, received: 0, applied: 0, held: 0, rejected: 0, ...p });

    progress({ stage: 'fetch', sent: 1 });
    const bar = await screen.findByRole('progressbar', { name: 'Sync progress' });
    await vi.waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('2'));
    expect(bar.getAttribute('aria-valuemax')).toBe('4');
    expect(screen.getByTestId('sync-progress').textContent).toContain('Step 2 of 4: Fetching');
    expect(screen.getByTestId('sync-progress').textContent).toContain('1 segment sent');

    progress({ stage: 'import', sent: 1, received: 2, applied: 5 });
    await vi.waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('3'));
    expect(screen.getByTestId('sync-progress').textContent).toContain("Step 3 of 4: Taking in others' changes");
    expect(screen.getByTestId('sync-progress').textContent).toContain('5 changes applied');
    // The button waits; nothing else is blocked.
    expect((screen.getByRole('button', { name: 'Syncing…' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Save the remote' }) as HTMLButtonElement).disabled).toBe(false);

    running.resolve(
      summary({ problems: [{ replica: 'r9', kind: 'refused', reason: 'its history was rewritten' }] }),
    );
    await vi.waitFor(() =>
      expect(section('Sync now').textContent).toContain('3 segments sent, 2 received; 14 changes applied, 0 held, 1 refused.'),
    );
    expect(section('Sync now').textContent).toContain('Refused (from computer r9): its history was rewritten');
    expect(screen.queryByRole('progressbar', { name: 'Sync progress' })).toBeNull();
  });

  it('asks for the secret first when no keyring keeps it', async () => {
    const user = userEvent.setup();
    vi.mocked(sync.remote).mockResolvedValue(remote({ method: 'password', user: 'ana', keyringAvailable: false }));
    vi.mocked(sync.now).mockResolvedValue(summary());
    render(Sync);
    await vi.waitFor(() => expect(syncStore.remote).not.toBeNull());

    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(sync.now).not.toHaveBeenCalled();
    const secret = screen.getByLabelText('Token or password for this sync');
    expect(secret.getAttribute('type')).toBe('password');
    expect(document.activeElement).toBe(secret);
    await user.type(secret, 'tok3n{Enter}');
    expect(sync.now).toHaveBeenCalledWith('tok3n');
    await vi.waitFor(() => expect(section('Sync now').textContent).toContain('14 changes applied'));
    expect(screen.queryByLabelText('Token or password for this sync')).toBeNull();
  });

  it('lists the changes that came in but are not in force, and applies now one made under a clock that ran ahead when the backend allows', async () => {
    const user = userEvent.setup();
    const change = (id: string, action: Change['action']): Change => ({
      id, member: 'b', name: 'Bo Chen', area: 'vision', what: 'offered: Portuguese translation', kind: 'ahead',
      reason: 'the computer it was made on had its clock set ahead, so it carries the time 29 November 2027, 19:42 UTC',
      next: '', action, at: '2027-11-29T19:42:00Z',
    });
    vi.mocked(sync.now).mockResolvedValue(summary({ changesAhead: 2, changes: [change('c1', 'send-now'), { ...change('c2', ''), name: 'Cleo Diaz' }] }));
    render(Sync);
    await vi.waitFor(() => expect(syncStore.remote).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    const list = await screen.findByRole('list', { name: 'Changes that came in but are not in force:' });
    expect(list.textContent).toContain('Bo Chen offered: Portuguese translation: waiting for the date it carries. The computer it was made on had its clock set ahead');
    const buttons = within(list).getAllByRole('button', { name: 'Apply it now' });
    expect(buttons).toHaveLength(1);
    await user.click(buttons[0]);
    expect(areas.release).toHaveBeenCalledWith(['c1']);
    expect(await within(list).findByText(/Applied now/)).toBeTruthy();
  });

  it('offers a coordinator to accept what a member did after their removal, before they knew', async () => {
    const user = userEvent.setup();
    const kept: Change = {
      id: 'k1', member: 'b', name: 'Bo Chen', area: 'canvas', what: 'offered: Field photographs', kind: 'removed',
      reason: 'a coordinator removed its author from the workspace before it reached them; it is kept, and a coordinator can still accept it',
      next: '', action: 'accept', at: '2027-11-29T19:42:00Z',
    };
    vi.mocked(sync.now).mockResolvedValue(summary({ changesWaiting: 1, changes: [kept, { ...kept, id: 'k2', action: '' }] }));
    render(Sync);
    await vi.waitFor(() => expect(syncStore.remote).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    const list = await screen.findByRole('list', { name: 'Changes that came in but are not in force:' });
    expect(list.textContent).toContain('Bo Chen offered: Field photographs: kept aside: made after its author was removed, before they knew.');
    const buttons = within(list).getAllByRole('button', { name: 'Accept it' });
    expect(buttons).toHaveLength(1);
    await user.click(buttons[0]);
    expect(areas.accept).toHaveBeenCalledWith(['k1']);
    expect(await within(list).findByText(/Accepted\. It applies everywhere/)).toBeTruthy();
  });

  it('says why a sync failed', async () => {
    const user = userEvent.setup();
    vi.mocked(sync.now).mockRejectedValue(new CairnError('invalid', '', 'The remote cannot be reached.'));
    render(Sync);
    await vi.waitFor(() => expect(syncStore.remote).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    expect((await within(section('Sync now')).findByRole('alert')).textContent).toContain('The remote cannot be reached.');
  });

  it('shows when the last sync ran', async () => {
    const at = new Date();
    at.setHours(10, 30, 0, 0);
    vi.mocked(sync.last).mockResolvedValue({ at: at.toISOString(), summary: summary() });
    render(Sync);
    await vi.waitFor(() => expect(screen.getByTestId('sync-last-when').textContent).toMatch(/^today at 10:30/));
  });
});

describe('Sync: automatic sync, set-aside data, publishing', () => {
  it('sets how often Cairn syncs on its own', async () => {
    const user = userEvent.setup();
    render(Sync);
    const select = (await screen.findByLabelText('Sync on its own')) as HTMLSelectElement;
    await vi.waitFor(() => expect(select.disabled).toBe(false));
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual([
      'Never',
      'Every 5 minutes',
      'Every 15 minutes',
      'Every 30 minutes',
      'Every 60 minutes',
    ]);
    await user.selectOptions(select, 'Every 15 minutes');
    expect(sync.setAutoSync).toHaveBeenCalledWith(15);
    await vi.waitFor(() =>
      expect(within(section('Automatic sync')).getByRole('status').textContent).toContain('every 15 minutes'),
    );
  });

  it('shows an interval error next to its field', async () => {
    const user = userEvent.setup();
    vi.mocked(sync.setAutoSync).mockRejectedValue(
      new CairnError('invalid', 'autoSyncMinutes', 'Choose between 0 (never) and 1440 minutes.'),
    );
    render(Sync);
    const select = (await screen.findByLabelText('Sync on its own')) as HTMLSelectElement;
    await vi.waitFor(() => expect(select.disabled).toBe(false));
    await user.selectOptions(select, 'Every 30 minutes');
    await vi.waitFor(() => expect(select.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('sync-auto-error')?.textContent).toBe('Choose between 0 (never) and 1440 minutes.');
  });

  it('lists held and refused data with their reasons', async () => {
    vi.mocked(sync.setAside).mockResolvedValue([
      { Name: 'r2-000012.seg', Kind: 'held', Reason: 'it builds on changes not received yet', Ops: 4 },
      { Name: 'r3-000001.seg', Kind: 'refused', Reason: 'the signature does not match the author', Ops: 1 },
    ]);
    render(Sync);
    const list = await within(section('Held and refused data')).findByRole('list');
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain('held: will be looked at again at the next sync');
    expect(items[0].textContent).toContain('it builds on changes not received yet');
    expect(items[1].textContent).toContain('refused');
    expect(items[1].textContent).toContain('the signature does not match the author');
  });

  it('says when nothing is set aside', async () => {
    render(Sync);
    expect(await screen.findByText(/Nothing is held or refused/)).toBeTruthy();
  });

  it('publishes, and says so', async () => {
    const user = userEvent.setup();
    vi.mocked(sync.publish).mockResolvedValue(summary());
    render(Sync);
    await vi.waitFor(() => expect(syncStore.remote).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect(sync.publish).toHaveBeenCalled();
    await vi.waitFor(() =>
      expect(section('Publish').textContent).toContain(
        'Published: a plain git clone of the remote now shows the deliverable.',
      ),
    );
    expect(within(section('Publish')).queryByRole('alert')).toBeNull();
  });

  it('shows the refusal when publishing is not mine to do', async () => {
    const user = userEvent.setup();
    vi.mocked(sync.publish).mockRejectedValue(new CairnError('unauthorized', '', 'Only a coordinator can publish.'));
    render(Sync);
    await vi.waitFor(() => expect(syncStore.remote).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await within(section('Publish')).findByRole('alert')).textContent).toContain('Only a coordinator can publish.');
    expect(section('Publish').textContent).not.toContain('Published:');
  });
});
