import { describe, expect, it, vi } from 'vitest';

vi.mock('../api', () => import('../test/fakeApi'));

import { CairnError, sync, workspace } from '../api';
import { createErrorsFrom, screenFor, WorkspaceStore } from './workspace.svelte';
import { info, status } from '../test/fixtures';

describe('screenFor', () => {
  it('routes each state to its screen', () => {
    expect(screenFor(status('none'))).toBe('first-run');
    expect(screenFor(status('ready', { info }))).toBe('shell');
    for (const state of ['corrupt', 'newer', 'locked', 'unwritable', 'something-new']) {
      expect(screenFor(status(state)), state).toBe('problem');
    }
  });
});

describe('WorkspaceStore.load', () => {
  it('shows loading until the status arrives', async () => {
    vi.mocked(workspace.status).mockResolvedValue(status('none'));
    const store = new WorkspaceStore();
    expect(store.screen).toBe('loading');
    const loading = store.load();
    expect(store.loading).toBe(true);
    await loading;
    expect(store.loading).toBe(false);
    expect(store.screen).toBe('first-run');
  });

  it('opens the shell when the workspace is ready', async () => {
    vi.mocked(workspace.status).mockResolvedValue(status('ready', { info }));
    const store = new WorkspaceStore();
    await store.load();
    expect(store.screen).toBe('shell');
    expect(store.status?.info?.memberName).toBe('Amina');
  });

  it('asks for the info when a ready status comes without it', async () => {
    vi.mocked(workspace.status).mockResolvedValue(status('ready'));
    vi.mocked(workspace.info).mockResolvedValue(info);
    const store = new WorkspaceStore();
    await store.load();
    expect(store.screen).toBe('shell');
    expect(store.status?.info).toEqual(info);
  });

  it('shows a problem for a locked data folder', async () => {
    vi.mocked(workspace.status).mockResolvedValue(status('locked', { message: 'Close the other Cairn first.' }));
    const store = new WorkspaceStore();
    await store.load();
    expect(store.screen).toBe('problem');
    expect(store.status?.message).toBe('Close the other Cairn first.');
  });

  it('shows the failure when the status cannot be read, and recovers on retry', async () => {
    vi.mocked(workspace.status).mockRejectedValueOnce(new CairnError('internal', '', 'No engine.'));
    const store = new WorkspaceStore();
    await store.load();
    expect(store.screen).toBe('failed');
    expect(store.loadError?.message).toBe('No engine.');
    vi.mocked(workspace.status).mockResolvedValue(status('none'));
    await store.load();
    expect(store.screen).toBe('first-run');
    expect(store.loadError).toBeNull();
  });
});

describe('WorkspaceStore.create', () => {
  it('sends trimmed names and lands in the shell', async () => {
    vi.mocked(workspace.create).mockResolvedValue(info);
    const store = new WorkspaceStore();
    store.status = status('none');
    const result = store.create('  Open Seeds Guide ', ' Amina ');
    expect(store.creating).toBe(true);
    expect(await result).toBeNull();
    expect(workspace.create).toHaveBeenCalledWith('Open Seeds Guide', 'Amina');
    expect(store.creating).toBe(false);
    expect(store.screen).toBe('shell');
    expect(store.status?.info).toEqual(info);
  });

  it('maps a field error to that field', async () => {
    vi.mocked(workspace.create).mockRejectedValue(
      new CairnError('invalid', 'memberName', 'Your name cannot contain angle brackets.'),
    );
    const store = new WorkspaceStore();
    store.status = status('none');
    expect(await store.create('Guide', '<b>')).toEqual({ memberName: 'Your name cannot contain angle brackets.' });
    expect(store.screen).toBe('first-run');
    expect(store.creating).toBe(false);
  });

  it('sets the remote given with the workspace, and says so when it cannot', async () => {
    vi.mocked(workspace.create).mockResolvedValue(info);
    const store = new WorkspaceStore();
    expect(await store.create('Guide', 'Amina', ' /media/usb/guide.git ')).toBeNull();
    expect(sync.setRemote).toHaveBeenCalledWith({ url: '/media/usb/guide.git' });
    expect(store.notice).toBeNull();

    vi.mocked(sync.setRemote).mockRejectedValueOnce(new CairnError('invalid', 'url', 'That folder holds other files.'));
    const second = new WorkspaceStore();
    expect(await second.create('Guide', 'Amina', '/home/amina/photos')).toBeNull();
    expect(second.screen).toBe('shell');
    expect(second.notice).toContain('That folder holds other files.');
  });

  it('puts an error with no field above the form', async () => {
    vi.mocked(workspace.create).mockRejectedValue(new CairnError('internal', '', 'The disk is full.'));
    const store = new WorkspaceStore();
    expect(await store.create('Guide', 'Amina')).toEqual({ form: 'The disk is full.' });
  });
});

describe('createErrorsFrom', () => {
  it('knows the two fields of the form, and nothing else', () => {
    expect(createErrorsFrom(new CairnError('invalid', 'workspaceName', 'Too long.'))).toEqual({
      workspaceName: 'Too long.',
    });
    expect(createErrorsFrom(new CairnError('invalid', 'colour', 'Odd.'))).toEqual({ form: 'Odd.' });
  });
});

describe('WorkspaceStore.moveAside', () => {
  it('remembers where the data went and looks again', async () => {
    vi.mocked(workspace.moveAside).mockResolvedValue('/data/cairn.db.damaged-2025');
    vi.mocked(workspace.status).mockResolvedValue(status('none'));
    const store = new WorkspaceStore();
    store.status = status('corrupt');
    expect(await store.moveAside()).toBeNull();
    expect(store.movedTo).toBe('/data/cairn.db.damaged-2025');
    expect(store.screen).toBe('first-run');
  });

  it('returns the error and stays put when moving fails', async () => {
    vi.mocked(workspace.moveAside).mockRejectedValue(new CairnError('internal', '', 'Permission denied.'));
    const store = new WorkspaceStore();
    store.status = status('corrupt');
    const error = await store.moveAside();
    expect(error?.message).toBe('Permission denied.');
    expect(store.screen).toBe('problem');
    expect(workspace.status).not.toHaveBeenCalled();
  });
});
