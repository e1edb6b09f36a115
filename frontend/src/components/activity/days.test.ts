import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../api/types';
import { areaOfEntry, dayLabel, groupByDay, localDay } from './days';

function entry(id: string, at: Date | string, area = 'roadmap'): ActivityEntry {
  return { id, at: typeof at === 'string' ? at : at.toISOString(), member: 'k', name: 'Ana', area, text: `did ${id}` };
}

// 10:00 local time on 15 December 2026.
const now = new Date(2026, 11, 15, 10);

describe('groupByDay', () => {
  it('groups the entries by local day, in the order they come, as Today, Yesterday and dates', () => {
    const groups = groupByDay(
      [
        entry('e1', new Date(2026, 11, 15, 9, 30)),
        entry('e2', new Date(2026, 11, 15, 0, 5)),
        entry('e3', new Date(2026, 11, 14, 23, 59)),
        entry('e4', new Date(2026, 11, 1, 12)),
        entry('e5', new Date(2026, 11, 1, 8)),
      ],
      now,
    );
    expect(groups.map((g) => [g.day, g.entries.map((e) => e.id)])).toEqual([
      ['2026-12-15', ['e1', 'e2']],
      ['2026-12-14', ['e3']],
      ['2026-12-01', ['e4', 'e5']],
    ]);
    expect(groups[0].label).toBe('Today');
    expect(groups[1].label).toBe('Yesterday');
    expect(groups[2].label).toBe(
      new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
        new Date(2026, 11, 1),
      ),
    );
    expect(groups[2].label).toContain('2026');
  });

  it('knows yesterday across a month and a year', () => {
    expect(dayLabel('2026-12-31', new Date(2027, 0, 1, 8))).toBe('Yesterday');
    expect(dayLabel('2027-01-01', new Date(2027, 0, 1, 8))).toBe('Today');
    expect(dayLabel('2026-12-30', new Date(2027, 0, 1, 8))).not.toMatch(/Today|Yesterday/);
  });

  it('puts entries with an unreadable time last', () => {
    const groups = groupByDay([entry('bad', 'not a time'), entry('e1', new Date(2026, 11, 15, 9))], now);
    expect(groups.map((g) => g.label)).toEqual(['Today', 'Unknown day']);
  });

  it('is empty without entries', () => {
    expect(groupByDay([], now)).toEqual([]);
  });

  it('uses local days', () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('areaOfEntry', () => {
  it('leads members to Roles, the workspace to Home, and other areas to themselves', () => {
    expect(areaOfEntry({ area: 'members' })).toBe('roles');
    expect(areaOfEntry({ area: 'workspace' })).toBe('home');
    for (const area of ['vision', 'roadmap', 'roles', 'deliverable', 'contributions', 'decisions']) {
      expect(areaOfEntry({ area })).toBe(area);
    }
    expect(areaOfEntry({ area: 'something-new' })).toBe('home');
  });
});
