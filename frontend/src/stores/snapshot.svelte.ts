// The shared state every area reads: fetched through a bound call, and
// fetched again when the backend says it changed (a write here, or a sync
// that brought something). Events carry only the area that changed; this
// store asks again for that area alone, so a save in a large workspace
// does not read everything back.

import { areas, onChanged, toCairnError, type CairnError, type MeView, type Snapshot } from '../api';

export class SnapshotStore {
  snapshot = $state<Snapshot | null>(null);
  /** Who you are and what you may do now; read again with members and roles. */
  me = $state<MeView | null>(null);
  error = $state<CairnError | null>(null);
  loading = $state(false);
  private stop: (() => void) | null = null;

  /** Reads one after the other, so an older answer never lands last. */
  private queue: Promise<void> = Promise.resolve();
  /** Reads queued and not started yet, by area ("" for everything). */
  private waiting = new Map<string, Promise<void>>();

  /** Loads the state, and keeps it fresh from then on. */
  async start(): Promise<void> {
    if (!this.stop) this.stop = onChanged((area) => void this.refresh(area));
    await this.refresh();
  }

  /**
   * Reads the state again: only what a change to area may have changed,
   * or everything when no area is named, the area is a sync, or nothing
   * was read yet. Asking again for a read still waiting to start joins it.
   */
  refresh(area = ''): Promise<void> {
    const key = area === 'sync' ? '' : area;
    const queued = this.waiting.get(key);
    if (queued) return queued;
    const read = this.queue.then(() => {
      this.waiting.delete(key);
      return this.read(key);
    });
    this.waiting.set(key, read);
    this.queue = read;
    return read;
  }

  private async read(area: string): Promise<void> {
    this.loading = true;
    try {
      if (area && this.snapshot) {
        this.snapshot = { ...this.snapshot, ...(await areas.snapshotOf(area)) };
      } else {
        this.snapshot = await areas.snapshot();
      }
      // What you may do changes with roles and membership, which a sync
      // or any full read may bring too.
      if (!area || area === 'roles' || !this.me) this.me = await areas.me();
      this.error = null;
    } catch (e) {
      this.error = toCairnError(e);
    } finally {
      this.loading = false;
    }
  }

  /** The member a key acts as: for another device of a member, that member's key. */
  memberOf(key: string): string {
    return this.snapshot?.devices?.[key] ?? key;
  }

  /** A member's or role's name, or a short key when unknown. */
  nameOf(id: string): string {
    const s = this.snapshot;
    const member = s?.members.find((m) => m.key === id);
    if (member?.name) return member.name;
    const role = s?.roles.find((r) => r.id === id);
    if (role) return role.name;
    return id.slice(0, 8);
  }

  reset(): void {
    this.stop?.();
    this.stop = null;
    this.queue = Promise.resolve();
    this.waiting.clear();
    this.snapshot = null;
    this.me = null;
    this.error = null;
    this.loading = false;
  }
}

export const snapshotStore = new SnapshotStore();
