import { describe, expect, it } from 'vitest';
import { areas, areaById, shortcutLabel } from './areas';

describe('areas', () => {
  it('lists the areas in sidebar order', () => {
    expect(areas.map((a) => a.title)).toEqual([
      'Home',
      'Vision',
      'Roadmap',
      'Roles',
      'Deliverable',
      'Contributions',
      'Decisions',
      'Activity',
      'Sync',
      'Settings',
    ]);
  });

  it('gives every area a purpose and an icon, and every one is built', () => {
    for (const area of areas) {
      expect(area.purpose.length, area.id).toBeGreaterThan(20);
      expect(area.icon.length, area.id).toBeGreaterThan(0);
    }
    expect(areas.filter((a) => a.built).map((a) => a.id)).toEqual(['home', 'vision', 'roadmap', 'roles', 'deliverable', 'contributions', 'decisions', 'activity', 'sync', 'settings']);
  });

  it('labels shortcuts', () => {
    expect(shortcutLabel('home')).toBe('Ctrl+1');
    expect(shortcutLabel('sync')).toBe('Ctrl+9');
    expect(shortcutLabel('settings')).toBe('Ctrl+,');
  });

  it('finds an area by id', () => {
    expect(areaById('roles').purpose).toContain('Who, When, How');
  });
});
