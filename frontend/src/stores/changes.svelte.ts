// Your changes that are not in force: kept until a coordinator lets you in,
// or refused by the community's rules, each with the reason and what you
// can do. Read again whenever something changed, since a sync or an
// approval may settle them.

import { areas, onChanged, toCairnError, type CairnError, type Change } from '../api';

export class ChangesStore {
  list = $state<Change[]>([]);
  error = $state<CairnError | null>(null);
  /** Said next to a change that could not be sent again, with why. */
  said = $state<Record<string, string>>({});
  /** Said once a change was sent again (it then leaves the list). */
  notice = $state<string | null>(null);
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

  /**
   * Sends a change on: a refused one again, as a new one judged by today's
   * rules; one made while the clock ran ahead, applied now.
   */
  async resubmit(id: string): Promise<void> {
    const action = this.list.find((c) => c.id === id)?.action;
    this.busy[id] = true;
    try {
      await areas.resubmit(id);
      delete this.said[id];
      this.notice =
        action === 'send-now'
          ? 'Applied now. The others get it with your next sync.'
          : 'Sent again, as a new change judged by today’s rules.';
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
    this.notice = null;
    this.busy = {};
  }
}

export const changesStore = new ChangesStore();

/** How a change's state reads to its author. */
export function changeState(c: Change): string {
  switch (c.kind) {
    case 'waiting':
      return 'Kept, waiting for you to be let in';
    case 'ahead':
      return 'Waiting for the date it carries';
    case 'removed':
      return 'Kept aside: you had been removed before it reached the others';
    default:
      return 'Not accepted';
  }
}
