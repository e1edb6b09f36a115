// The shared state every area reads: fetched through a bound call, and
// fetched again when the backend says it changed (a write here, or a sync
// that brought something). Events carry no data; this store asks for it.

import { areas, onChanged, toCairnError, type CairnError, type Snapshot } from '../api';

export class SnapshotStore {
  snapshot = $state<Snapshot | null>(null);
  error = $state<CairnError | null>(null);
  loading = $state(false);
  private stop: (() => void) | null = null;

  /** Loads the state, and keeps it fresh from then on. */
  async start(): Promise<void> {
    if (!this.stop) this.stop = onChanged(() => void this.refresh());
    await this.refresh();
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.snapshot = await areas.snapshot();
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
    this.snapshot = null;
    this.error = null;
    this.loading = false;
  }
}

export const snapshotStore = new SnapshotStore();
