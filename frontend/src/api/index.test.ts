import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('./wailsjs/go/app/WorkspaceService', () => ({
  Status: vi.fn(),
  Create: vi.fn(),
  MoveAside: vi.fn(),
  Info: vi.fn(),
}));
vi.mock('./wailsjs/go/app/ShellService', () => ({
  About: vi.fn(),
  Theme: vi.fn(),
  SetTheme: vi.fn(),
  Quit: vi.fn(),
}));
vi.mock('./wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn() }));

import * as Workspace from './wailsjs/go/app/WorkspaceService';
import * as Shell from './wailsjs/go/app/ShellService';
import { EventsOn } from './wailsjs/runtime/runtime';
import { app } from './wailsjs/go/models';
import { CairnError, onMenuAbout, shell, workspace } from './index';
import { info } from '../test/fixtures';

beforeEach(() => vi.clearAllMocks());

describe('workspace', () => {
  it('returns the status as plain data, info included', async () => {
    vi.mocked(Workspace.Status).mockResolvedValue(
      app.Status.createFrom({ state: 'ready', message: '', dataDir: '/d', info }),
    );
    const s = await workspace.status();
    expect(s).toEqual({ state: 'ready', message: '', dataDir: '/d', info });
    expect(Object.getPrototypeOf(s.info)).toBe(Object.prototype);
  });

  it('leaves info out when the backend sends none', async () => {
    vi.mocked(Workspace.Status).mockResolvedValue(
      app.Status.createFrom({ state: 'locked', message: 'Close the other Cairn.', dataDir: '/d' }),
    );
    const s = await workspace.status();
    expect(s.state).toBe('locked');
    expect(s.message).toBe('Close the other Cairn.');
    expect('info' in s).toBe(false);
  });

  it('passes both names to Create', async () => {
    vi.mocked(Workspace.Create).mockResolvedValue(app.Info.createFrom(info));
    await expect(workspace.create('Open Seeds Guide', 'Amina')).resolves.toEqual(info);
    expect(Workspace.Create).toHaveBeenCalledWith('Open Seeds Guide', 'Amina');
  });

  it('turns a JSON rejection into a CairnError with its field', async () => {
    vi.mocked(Workspace.Create).mockRejectedValue(
      '{"code":"invalid","field":"workspaceName","message":"Please use at most 80 characters."}',
    );
    const error = await workspace.create('x'.repeat(81), 'Amina').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'invalid', field: 'workspaceName' });
  });

  it('turns a plain rejection into an internal CairnError', async () => {
    vi.mocked(Workspace.MoveAside).mockRejectedValue('permission denied');
    await expect(workspace.moveAside()).rejects.toMatchObject({
      code: 'internal',
      field: '',
      message: 'permission denied',
    });
  });

  it('turns missing bindings into a CairnError, not a TypeError', async () => {
    vi.mocked(Workspace.Info).mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'app')");
    });
    await expect(workspace.info()).rejects.toBeInstanceOf(CairnError);
  });
});

describe('shell', () => {
  it('wraps the shell calls', async () => {
    vi.mocked(Shell.About).mockResolvedValue(
      app.About.createFrom({ name: 'Cairn', version: '0.1.0', goVersion: 'go1.24.2', dataDir: '/d' }),
    );
    vi.mocked(Shell.Theme).mockResolvedValue('dark');
    vi.mocked(Shell.SetTheme).mockResolvedValue();
    await expect(shell.about()).resolves.toEqual({
      name: 'Cairn',
      version: '0.1.0',
      goVersion: 'go1.24.2',
      dataDir: '/d',
    });
    await expect(shell.theme()).resolves.toBe('dark');
    await shell.setTheme('light');
    expect(Shell.SetTheme).toHaveBeenCalledWith('light');
  });

  it('rejects setTheme with a CairnError', async () => {
    vi.mocked(Shell.SetTheme).mockRejectedValue('{"code":"invalid","message":"Unknown theme."}');
    await expect(shell.setTheme('pink')).rejects.toMatchObject({ code: 'invalid', message: 'Unknown theme.' });
  });
});

describe('onMenuAbout', () => {
  it('listens to menu:about and hands back the unsubscribe function', () => {
    const off = vi.fn();
    let handler: ((...data: unknown[]) => void) | undefined;
    vi.mocked(EventsOn).mockImplementation((name, cb) => {
      expect(name).toBe('menu:about');
      handler = cb;
      return off;
    });
    const cb = vi.fn();
    const stop = onMenuAbout(cb);
    handler?.();
    expect(cb).toHaveBeenCalledTimes(1);
    stop();
    expect(off).toHaveBeenCalled();
  });

  it('does nothing outside the desktop app', () => {
    vi.mocked(EventsOn).mockImplementation(() => {
      throw new TypeError('window.runtime is undefined');
    });
    const stop = onMenuAbout(() => {});
    expect(() => stop()).not.toThrow();
  });
});
