// Home: what is expected of me, fetched through a bound call and fetched
// again each time the shared state changes.

import { areas, onChanged, toCairnError, type CairnError, type Home } from '../api';

/** Home with every list present, whatever the backend left out. */
function complete(home: Home | null | undefined): Home {
  const h: Partial<Home> = home ?? {};
  return {
    me: h.me ?? '',
    steps: h.steps ?? [],
    parts: h.parts ?? [],
    reviews: h.reviews ?? [],
    decisions: h.decisions ?? [],
    requests: h.requests ?? [],
    matches: h.matches ?? [],
    milestones: h.milestones ?? [],
    suggestions: h.suggestions ?? [],
  };
}

export class HomeStore {
  home = $state<Home | null>(null);
  error = $state<CairnError | null>(null);
  loading = $state(false);
  private stop: (() => void) | null = null;
  // Only the newest answer counts when changes come quickly.
  private asked = 0;

  /** Loads Home, and keeps it fresh from then on. */
  async start(): Promise<void> {
    if (!this.stop) {
      const stop = onChanged(() => void this.refresh());
      this.stop = typeof stop === 'function' ? stop : () => {};
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const ask = ++this.asked;
    this.loading = true;
    try {
      const home = complete(await areas.home());
      if (ask !== this.asked) return;
      this.home = home;
      this.error = null;
    } catch (e) {
      if (ask !== this.asked) return;
      this.error = toCairnError(e);
    } finally {
      if (ask === this.asked) this.loading = false;
    }
  }

  reset(): void {
    this.stop?.();
    this.stop = null;
    this.asked++;
    this.home = null;
    this.error = null;
    this.loading = false;
  }
}

export const homeStore = new HomeStore();
