// Your changes that are not in force: kept until a coordinator lets you in,
// or refused by the community's rules, each with the reason and what you
// can do. Read again whenever something changed, since a sync or an
// approval may settle them.

import { areas, onChanged, toCairnError, type CairnError, type Change } from '../api';

export class ChangesStore {
  list = $state<Change[]>([]);
  error = $state<CairnError | null>(null);
  /** Said next to a change once it was sent again, or why it could not be. */
  said = $state<Record<string, string>>({});
  busy = $state<Record<string, boolean>>({});
  private stop: (() => void) | null = null;

  async start(): Promise<void> {
    if (!this.stop) this.stop = onChanged(() => void this.refresh());
    await this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.list = await areas.myChanges();
      this.error = null;
    } catch (e) {
      this.error = toCairnError(e);
    }
  }

  /** Sends a refused change again, as a new one judged by today's rules. */
  async resubmit(id: string): Promise<void> {
    this.busy[id] = true;
    try {
      await areas.resubmit(id);
      this.said[id] = 'Sent again.';
    } catch (e) {
      this.said[id] = `Not sent: ${toCairnError(e).message}`;
    } finally {
      delete this.busy[id];
    }
    await this.refresh();
  }

  reset(): void {
    this.stop?.();
    this.stop = null;
    this.list = [];
    this.error = null;
    this.said = {};
    this.busy = {};
  }
}

export const changesStore = new ChangesStore();

/** How a change's state reads to its author. */
export function changeState(c: Change): string {
  return c.kind === 'waiting' ? 'Kept, waiting for you to be let in' : 'Not accepted';
}
