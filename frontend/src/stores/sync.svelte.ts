// Sync: where and how this computer syncs, running a sync or a publish with
// its progress, what the last one did, and what was held or refused. Home,
// the Sync page and the command palette share this one store, so a sync
// started anywhere shows everywhere.

import {
  areas,
  onChanged,
  onSyncProgress,
  sync,
  toCairnError,
  type CairnError,
  type LastSync,
  type RemoteSettings,
  type RemoteView,
  type SetAsideItem,
  type SyncProgress,
  type SyncSummary,
} from '../api';

export type SyncAction = 'sync' | 'publish';

/** The automatic sync intervals offered, in minutes (0: never). */
export const autoSyncChoices: readonly number[] = [0, 5, 15, 30, 60];

export const noKeyringWords =
  'No keyring runs on this computer: Cairn will ask for the secret at each sync, or read CAIRN_GIT_PASSWORD / CAIRN_SSH_PASSPHRASE.';

export const publishedWords = 'Published: a plain git clone of the remote now shows the deliverable.';

/** Whether signing in with this method takes a token or a passphrase. */
export function methodTakesSecret(method: string | undefined): boolean {
  return method === 'ssh-key' || method === 'password';
}

export class SyncStore {
  remote = $state<RemoteView | null>(null);
  remoteError = $state<CairnError | null>(null);
  last = $state<LastSync | null>(null);
  lastError = $state<CairnError | null>(null);
  setAside = $state<SetAsideItem[] | null>(null);
  setAsideError = $state<CairnError | null>(null);

  /** What runs now, started here (an automatic sync is not shown). */
  running = $state<SyncAction | null>(null);
  /** The stage and counts of the running sync. */
  progress = $state<SyncProgress | null>(null);
  /** The secret is needed before this action can run. */
  asking = $state<SyncAction | null>(null);

  /** What the last sync started here did, or why it failed. */
  summary = $state<SyncSummary | null>(null);
  syncError = $state<CairnError | null>(null);
  /** The summary of the last publish, or why it was refused. */
  published = $state<SyncSummary | null>(null);
  publishError = $state<CairnError | null>(null);

  /** Said next to a change of the last sync once applied now, or why not. */
  released = $state<Record<string, string>>({});

  savingRemote = $state(false);
  savingAuto = $state(false);
  autoError = $state<CairnError | null>(null);

  private stops: (() => void)[] = [];

  /** Whether Cairn must ask for the secret before a sync. */
  get needsSecret(): boolean {
    return !!this.remote && !this.remote.keyringAvailable && methodTakesSecret(this.remote.method);
  }

  /** Follows syncs (also automatic ones) and changes; safe to call again. */
  listen(): void {
    if (this.stops.length) return;
    this.stops.push(onSyncProgress((p) => this.onProgress(p)));
    this.stops.push(
      onChanged((area) => {
        if (area === 'sync') void this.refresh();
      }),
    );
  }

  /** For the Sync page: everything it shows. */
  async start(): Promise<void> {
    this.listen();
    await Promise.all([this.loadRemote(), this.loadLast(), this.loadSetAside()]);
  }

  private async refresh(): Promise<void> {
    await Promise.all([this.loadLast(), this.setAside !== null ? this.loadSetAside() : Promise.resolve()]);
  }

  private onProgress(p: SyncProgress): void {
    if (p.stage === 'done') {
      void this.refresh();
      return;
    }
    if (this.running) this.progress = p;
  }

  async loadRemote(): Promise<void> {
    try {
      this.remote = await sync.remote();
      this.remoteError = null;
    } catch (e) {
      this.remoteError = toCairnError(e);
    }
  }

  async loadLast(): Promise<void> {
    try {
      this.last = await sync.last();
      this.lastError = null;
    } catch (e) {
      this.lastError = toCairnError(e);
    }
  }

  async loadSetAside(): Promise<void> {
    try {
      this.setAside = (await sync.setAside()) ?? [];
      this.setAsideError = null;
    } catch (e) {
      this.setAsideError = toCairnError(e);
    }
  }

  /** Saves the remote; resolves to the note about the secret. Rejects with a CairnError. */
  async saveRemote(settings: RemoteSettings, secret: string): Promise<string> {
    this.savingRemote = true;
    try {
      const note = await sync.setRemote(settings, secret);
      await this.loadRemote();
      return note ?? '';
    } catch (e) {
      throw toCairnError(e);
    } finally {
      this.savingRemote = false;
    }
  }

  /** Resolves to true once saved. */
  async setAutoSync(minutes: number): Promise<boolean> {
    this.savingAuto = true;
    this.autoError = null;
    try {
      await sync.setAutoSync(minutes);
      if (this.remote) this.remote.autoSyncMinutes = minutes;
      return true;
    } catch (e) {
      this.autoError = toCairnError(e);
      return false;
    } finally {
      this.savingAuto = false;
    }
  }

  /**
   * Syncs now. Without a keyring and with a method that signs in with a
   * secret, the first call only asks for it (see asking); call again with
   * the secret.
   */
  syncNow(secret?: string): Promise<void> {
    return this.run('sync', secret);
  }

  /** Syncs, then publishes a readable copy (coordinators). */
  publish(secret?: string): Promise<void> {
    return this.run('publish', secret);
  }

  cancelAsking(): void {
    this.asking = null;
  }

  private async run(action: SyncAction, secret?: string): Promise<void> {
    if (this.running) return;
    if (!this.remote) await this.loadRemote();
    if (secret === undefined && this.needsSecret) {
      this.asking = action;
      return;
    }
    this.asking = null;
    this.running = action;
    this.progress = null;
    if (action === 'sync') {
      this.summary = null;
      this.syncError = null;
    } else {
      this.published = null;
      this.publishError = null;
    }
    try {
      const args: [] | [string] = secret === undefined ? [] : [secret];
      const summary = action === 'sync' ? await sync.now(...args) : await sync.publish(...args);
      if (action === 'sync') this.summary = summary;
      else this.published = summary;
    } catch (e) {
      if (action === 'sync') this.syncError = toCairnError(e);
      else this.publishError = toCairnError(e);
    } finally {
      this.running = null;
      this.progress = null;
    }
    await this.refresh();
  }

  /** Applies now a change made while a computer's clock ran ahead. */
  release(id: string): Promise<void> {
    return this.answer(id, () => areas.release([id]), 'Applied now. The others get it with the next sync.', 'Not applied');
  }

  /** Accepts, as a coordinator, a change made after its author's removal, before they knew. */
  accept(id: string): Promise<void> {
    return this.answer(id, () => areas.accept([id]), 'Accepted. It applies everywhere with the next sync.', 'Not accepted');
  }

  /** Does what one button beside a change asks, and says how it went beside it. */
  private async answer(id: string, act: () => Promise<unknown>, done: string, failed: string): Promise<void> {
    try {
      await act();
      this.released[id] = done;
    } catch (e) {
      this.released[id] = `${failed}: ${toCairnError(e).message}`;
    }
  }

  reset(): void {
    for (const stop of this.stops) if (typeof stop === 'function') stop();
    this.stops = [];
    this.remote = null;
    this.remoteError = null;
    this.last = null;
    this.lastError = null;
    this.setAside = null;
    this.setAsideError = null;
    this.running = null;
    this.progress = null;
    this.asking = null;
    this.summary = null;
    this.released = {};
    this.syncError = null;
    this.published = null;
    this.publishError = null;
    this.savingRemote = false;
    this.savingAuto = false;
    this.autoError = null;
  }
}

export const syncStore = new SyncStore();
