// The timeline's pure parts: entries grouped by the day they happened on
// (in local time), the words for that day and time, and the area an entry
// leads to.

import type { ActivityEntry } from '../../api';
import { areas, type AreaId } from '../../areas';

export interface DayGroup {
  /** YYYY-MM-DD, local time. */
  day: string;
  /** "Today", "Yesterday" or the date in words. */
  label: string;
  entries: ActivityEntry[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The local calendar day of a moment, as YYYY-MM-DD. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The day before a YYYY-MM-DD day. */
function dayBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return localDay(new Date(y, m - 1, d - 1));
}

/** "Today", "Yesterday", or the day in words ("Monday, 2 March 2026" in the person's locale). */
export function dayLabel(day: string, now: Date): string {
  const today = localDay(now);
  if (day === today) return 'Today';
  if (day === dayBefore(today)) return 'Yesterday';
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(y, m - 1, d),
  );
}

/** The time of day of an RFC 3339 moment, in the person's locale ("14:05"). */
export function timeOfDay(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(date);
}

/**
 * The entries by local day, in the order they come (newest first from the
 * backend), each day once. Entries with an unreadable time go last, under
 * "Unknown day".
 */
export function groupByDay(entries: readonly ActivityEntry[], now: Date): DayGroup[] {
  const groups = new Map<string, DayGroup>();
  for (const entry of entries) {
    const date = new Date(entry.at);
    const day = Number.isNaN(date.getTime()) ? '' : localDay(date);
    let group = groups.get(day);
    if (!group) {
      group = { day, label: day ? dayLabel(day, now) : 'Unknown day', entries: [] };
      groups.set(day, group);
    }
    group.entries.push(entry);
  }
  const list = [...groups.values()];
  // Keep the unknown day last, whatever order its entries came in.
  return [...list.filter((g) => g.day), ...list.filter((g) => !g.day)];
}

const areaIds = new Set<string>(areas.map((a) => a.id));

/** The area of the app an entry's change is shown in. */
export function areaOfEntry(entry: Pick<ActivityEntry, 'area'>): AreaId {
  if (entry.area === 'members') return 'roles';
  if (entry.area === 'workspace') return 'home';
  return areaIds.has(entry.area) ? (entry.area as AreaId) : 'home';
}

/** The activity areas a person can filter by, with their names. */
export const activityAreas: readonly { id: string; label: string }[] = [
  { id: 'workspace', label: 'Workspace' },
  { id: 'members', label: 'Members' },
  { id: 'roles', label: 'Roles' },
  { id: 'vision', label: 'Vision' },
  { id: 'roadmap', label: 'Roadmap' },
  { id: 'deliverable', label: 'Deliverable' },
  { id: 'contributions', label: 'Contributions' },
  { id: 'decisions', label: 'Decisions' },
];
