// The only module that imports the bindings Wails generates from the Go
// package app. Everything else talks to the backend through these functions,
// which turn every failure into a CairnError.

import * as Workspace from './wailsjs/go/app/WorkspaceService';
import * as Shell from './wailsjs/go/app/ShellService';
import { EventsOn } from './wailsjs/runtime/runtime';
import { toCairnError } from './errors';
import type { About, Info, JoinRequest, JoinResult, Status } from './types';

export { CairnError, toCairnError, unexpectedMessage } from './errors';
export type { ErrorCode } from './errors';
export * from './types';

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (reason) {
    throw toCairnError(reason);
  }
}

// Generated model classes carry methods; the app only needs plain data.
function infoFrom(i: Info): Info {
  return {
    workspaceId: i.workspaceId ?? '',
    workspaceName: i.workspaceName ?? '',
    memberName: i.memberName ?? '',
    publicKey: i.publicKey ?? '',
    keyFingerprint: i.keyFingerprint ?? '',
    replicaId: i.replicaId ?? '',
    createdAt: i.createdAt ?? '',
    dataDir: i.dataDir ?? '',
  };
}

export const workspace = {
  async status(): Promise<Status> {
    const s = await call(() => Workspace.Status());
    return {
      state: s.state ?? '',
      message: s.message ?? '',
      dataDir: s.dataDir ?? '',
      ...(s.info ? { info: infoFrom(s.info) } : {}),
    };
  },
  async create(workspaceName: string, memberName: string): Promise<Info> {
    return infoFrom(await call(() => Workspace.Create(workspaceName, memberName)));
  },
  /** Moves the damaged database aside; resolves to where it now is. */
  moveAside(): Promise<string> {
    return call(() => Workspace.MoveAside());
  },
  async info(): Promise<Info> {
    return infoFrom(await call(() => Workspace.Info()));
  },
  /** Fetches the workspace a remote carries and asks to join it. */
  async join(request: JoinRequest): Promise<JoinResult> {
    const r = await call(() => Workspace.Join(request));
    return { info: infoFrom(r.info), ask: r.ask ?? '', keyring: r.keyring ?? '' };
  },
};

export const shell = {
  async about(): Promise<About> {
    const a = await call(() => Shell.About());
    return { name: a.name ?? '', version: a.version ?? '', goVersion: a.goVersion ?? '', dataDir: a.dataDir ?? '' };
  },
  /** The saved preference: "system", "light" or "dark". */
  theme(): Promise<string> {
    return call(() => Shell.Theme());
  },
  setTheme(theme: string): Promise<void> {
    return call(() => Shell.SetTheme(theme));
  },
  quit(): Promise<void> {
    return call(() => Shell.Quit());
  },
};

/**
 * Runs cb each time the native menu's "About Cairn" is chosen. Returns the
 * function that stops listening. Outside the desktop app (a plain browser)
 * there is no menu, so nothing happens.
 */
export function onMenuAbout(cb: () => void): () => void {
  try {
    const off = EventsOn('menu:about', () => cb());
    return typeof off === 'function' ? off : () => {};
  } catch {
    return () => {};
  }
}
