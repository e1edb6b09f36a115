import { describe, expect, it } from 'vitest';
import { checkRole, deviceRequests, joinRequests, permissionWords, responsibilities } from './roles.svelte';
import { anaKey, boKey, cleoKey, snapshot } from '../test/snapshot';

describe('responsibilities', () => {
  it('makes the holders of an owning role responsible, and the parts’ people consulted', () => {
    const { steps, parts } = responsibilities(snapshot());
    expect(steps.map((r) => [r.title, r.marks])).toEqual([
      ['Survey the rivers', { [anaKey]: 'R' }],
      // Owned by the role editor (Bo); works on Methods, owned by Ana, written by Bo.
      ['Analyse samples', { [boKey]: 'R', [anaKey]: 'C' }],
      ['Guide ready', {}],
    ]);
    expect(parts.map((r) => [r.title, r.marks])).toEqual([
      ['Why rivers', { [anaKey]: 'R' }],
      ['Methods', { [anaKey]: 'R', [boKey]: 'C' }],
    ]);
  });

  it('keeps R over C for someone who is both', () => {
    const s = snapshot();
    s.parts[1].writers = [anaKey, boKey];
    s.steps[0].parts = ['p2'];
    const { steps, parts } = responsibilities(s);
    expect(parts[1].marks).toEqual({ [anaKey]: 'R', [boKey]: 'C' });
    expect(steps[0].marks).toEqual({ [anaKey]: 'R', [boKey]: 'C' });
  });

  it('is empty without a snapshot', () => {
    expect(responsibilities(null)).toEqual({ steps: [], parts: [] });
  });
});

describe('requests', () => {
  it('tells join requests from device requests', () => {
    const s = snapshot();
    const device = { key: 'd'.repeat(64), name: '', approved: false, removed: false, permissions: [], roles: [], devices: [], asksDeviceOf: boKey };
    s.members.push(device, { ...device, key: 'e'.repeat(64), asksDeviceOf: '', removed: true });
    expect(joinRequests(s).map((m) => m.key)).toEqual([cleoKey]);
    expect(deviceRequests(s, boKey).map((m) => m.key)).toEqual([device.key]);
    expect(deviceRequests(s, anaKey)).toEqual([]);
    expect(deviceRequests(s, '')).toEqual([]);
  });
});

describe('checkRole', () => {
  const form = { name: 'Editor', who: '', when: '', how: '', can: ['validate'] };

  it('accepts a named role with a permission', () => {
    expect(checkRole(form)).toEqual({});
  });

  it('counts Who, When and How in bytes, as Go does', () => {
    expect(checkRole({ ...form, how: 'é'.repeat(1000) })).toEqual({});
    expect(checkRole({ ...form, how: 'é'.repeat(1001) }).how).toContain('2,002');
  });

  it('counts the name in characters', () => {
    expect(checkRole({ ...form, name: 'é'.repeat(80) })).toEqual({});
    expect(checkRole({ ...form, name: 'é'.repeat(81) }).name).toContain('81');
  });
});

describe('permissionWords', () => {
  it('says permissions as words', () => {
    expect(permissionWords(['coordinate', 'validate'])).toBe('Coordinate, validate');
  });
});
