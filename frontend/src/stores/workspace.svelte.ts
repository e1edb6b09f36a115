// The workspace as the app sees it at start-up: none yet, open, or one of
// the problems that keep it from opening. Decides which screen to show.

import { sync, workspace, CairnError, toCairnError, type Info, type JoinRequest, type JoinResult, type Status } from '../api';

export type Screen = 'loading' | 'failed' | 'first-run' | 'shell' | 'problem';

/** The screen for a status the backend reported. */
export function screenFor(status: Status): Screen {
  switch (status.state) {
    case 'none':
      return 'first-run';
    case 'ready':
      return status.info ? 'shell' : 'problem';
    default:
      // corrupt, newer, locked, unwritable, and anything a newer backend adds.
      return 'problem';
  }
}

/** Messages for the create form, by the input they belong to. */
export interface CreateErrors {
  workspaceName?: string;
  memberName?: string;
  /** Not about one input: shown above the form. */
  form?: string;
}

export function createErrorsFrom(error: CairnError): CreateErrors {
  if (error.field === 'workspaceName' || error.field === 'memberName') {
    return { [error.field]: error.message };
  }
  return { form: error.message };
}

/** Messages for the join form, by the input they belong to. */
export interface JoinErrors {
  url?: string;
  name?: string;
  keyFile?: string;
  form?: string;
}

export function joinErrorsFrom(error: CairnError): JoinErrors {
  switch (error.field) {
    case 'url':
    case 'name':
    case 'keyFile':
      return { [error.field]: error.message };
    case 'member':
      return { name: error.message };
  }
  return { form: error.message };
}

export function readyStatus(info: Info): Status {
  return { state: 'ready', message: '', dataDir: info.dataDir, info };
}

export class WorkspaceStore {
  status = $state<Status | null>(null);
  /** Why the status itself could not be read. */
  loadError = $state<CairnError | null>(null);
  loading = $state(false);
  creating = $state(false);
  joining = $state(false);
  /** A note for the shell to show once, such as a remote that could not be set. */
  notice = $state<string | null>(null);
  /** The join just made: shown until the person goes on to the workspace. */
  joined = $state<JoinResult | null>(null);
  movingAside = $state(false);
  /** Where the damaged database went, once moved aside. */
  movedTo = $state<string | null>(null);

  screen = $derived<Screen>(this.loadError ? 'failed' : this.status ? screenFor(this.status) : 'loading');

  async load(): Promise<void> {
    this.loading = true;
    try {
      const status = await workspace.status();
      if (status.state === 'ready' && !status.info) status.info = await workspace.info();
      this.status = status;
      this.loadError = null;
    } catch (e) {
      this.loadError = toCairnError(e);
    } finally {
      this.loading = false;
    }
  }

  /**
   * Creates the workspace, and sets its remote when one is given. Resolves
   * to null when it worked, else to what to show where. A remote that
   * cannot be set does not undo the workspace: the shell says so.
   */
  async create(workspaceName: string, memberName: string, remote = ''): Promise<CreateErrors | null> {
    if (this.creating) return null;
    this.creating = true;
    try {
      const info = await workspace.create(workspaceName.trim(), memberName.trim());
      if (remote.trim()) {
        try {
          await sync.setRemote({ url: remote.trim() });
        } catch (e) {
          this.notice = `Your workspace is made, but its remote was not set: ${toCairnError(e).message} Set it in Sync.`;
        }
      }
      this.status = readyStatus(info);
      this.movedTo = null;
      return null;
    } catch (e) {
      return createErrorsFrom(toCairnError(e));
    } finally {
      this.creating = false;
    }
  }

  /** Joins a workspace. Resolves to null when it worked (see joined), else to what to show where. */
  async join(request: JoinRequest): Promise<JoinErrors | null> {
    if (this.joining) return null;
    this.joining = true;
    try {
      this.joined = await workspace.join({ ...request, url: request.url.trim(), name: request.name.trim() });
      return null;
    } catch (e) {
      return joinErrorsFrom(toCairnError(e));
    } finally {
      this.joining = false;
    }
  }

  /** Leaves the join's result for the workspace itself. */
  enterJoined(): void {
    if (this.joined) this.status = readyStatus(this.joined.info);
    this.joined = null;
  }

  /** Moves the damaged database aside, then looks again. Resolves to an error, or null. */
  async moveAside(): Promise<CairnError | null> {
    if (this.movingAside) return null;
    this.movingAside = true;
    try {
      this.movedTo = await workspace.moveAside();
    } catch (e) {
      return toCairnError(e);
    } finally {
      this.movingAside = false;
    }
    await this.load();
    return null;
  }
}

export const workspaceStore = new WorkspaceStore();
