// The Activity area: the filters a person set, and the entries the backend
// gave for them, newest first. Only the newest answer counts when filters
// change quickly.

import { activity, toCairnError, type ActivityEntry, type ActivityFilter, type CairnError } from '../api';

export interface ActivityFilters {
  /** A member key, or "" for everyone. */
  member: string;
  /** An activity area, or "" for all. */
  area: string;
  /** YYYY-MM-DD, or "" for no bound; both days included. */
  since: string;
  until: string;
}

/** How many entries are asked for at first, and how many more each time. */
export const pageSize = 200;

export const noFilters: Readonly<ActivityFilters> = { member: '', area: '', since: '', until: '' };

/** Why the dates cannot be asked for, or null. */
export function datesProblem(filters: Pick<ActivityFilters, 'since' | 'until'>): string | null {
  if (filters.since && filters.until && filters.until < filters.since) return 'The “until” day comes before the “since” day.';
  return null;
}

export function toFilter(filters: ActivityFilters, limit: number): ActivityFilter {
  return { Member: filters.member, Area: filters.area, Since: filters.since, Until: filters.until, Limit: limit };
}

export class ActivityStore {
  filters = $state<ActivityFilters>({ ...noFilters });
  entries = $state<ActivityEntry[]>([]);
  error = $state<CairnError | null>(null);
  loading = $state(false);
  /** True once an answer arrived, so "nothing yet" is not shown while reading. */
  loaded = $state(false);
  limit = $state(pageSize);
  private asked = 0;

  /** True when some filter is set. */
  get filtered(): boolean {
    const f = this.filters;
    return !!(f.member || f.area || f.since || f.until);
  }

  /** True when the backend may hold older entries than those shown. */
  get more(): boolean {
    return this.entries.length >= this.limit;
  }

  get datesProblem(): string | null {
    return datesProblem(this.filters);
  }

  async load(): Promise<void> {
    if (datesProblem(this.filters)) return;
    const ask = ++this.asked;
    this.loading = true;
    try {
      const entries = await activity(toFilter(this.filters, this.limit));
      if (ask !== this.asked) return;
      this.entries = entries ?? [];
      this.error = null;
      this.loaded = true;
    } catch (e) {
      if (ask !== this.asked) return;
      this.error = toCairnError(e);
    } finally {
      if (ask === this.asked) this.loading = false;
    }
  }

  /** Changes some filters and asks again, from the newest entries. */
  setFilters(change: Partial<ActivityFilters>): Promise<void> {
    this.filters = { ...this.filters, ...change };
    this.limit = pageSize;
    return this.load();
  }

  clear(): Promise<void> {
    return this.setFilters({ ...noFilters });
  }

  /** Asks for older entries too. */
  showMore(): Promise<void> {
    this.limit += pageSize;
    return this.load();
  }

  reset(): void {
    this.asked++;
    this.filters = { ...noFilters };
    this.entries = [];
    this.error = null;
    this.loading = false;
    this.loaded = false;
    this.limit = pageSize;
  }
}

export const activityStore = new ActivityStore();
