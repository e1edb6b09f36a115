import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../api', () => import('../test/fakeApi'));

import { areas, CairnError, type StepForm } from '../api';
import { anaKey, boKey, cleoKey, snapshot } from '../test/snapshot';
import { resetStores } from '../test/reset';
import { snapshotStore } from './snapshot.svelte';
import { filterSteps, noOwner, ownerChoices, roadmapStore, validateStepForm } from './roadmap.svelte';

function form(extra: Partial<StepForm> = {}): StepForm {
  return { title: 'Print', description: '', start: '', due: '', owner: '', after: [], parts: [], milestone: false, ...extra };
}

beforeEach(() => {
  resetStores();
  roadmapStore.reset();
  vi.mocked(areas.snapshot).mockImplementation(() => Promise.resolve(snapshot()));
});

describe('filterSteps', () => {
  const steps = snapshot().steps;
  const ids = (f: Partial<Parameters<typeof filterSteps>[1]>) =>
    filterSteps(steps, { status: '', owner: '', onlyMilestones: false, ...f }).map((s) => s.id);

  it('keeps every step without a filter', () => {
    expect(ids({})).toEqual(['s1', 's2', 's3']);
  });

  it('narrows by status, owner, nobody, and milestones, together', () => {
    expect(ids({ status: 'done' })).toEqual(['s1']);
    expect(ids({ owner: anaKey })).toEqual(['s1']);
    expect(ids({ owner: 'editor' })).toEqual(['s2']);
    expect(ids({ owner: noOwner })).toEqual(['s3']);
    expect(ids({ onlyMilestones: true })).toEqual(['s3']);
    expect(ids({ onlyMilestones: true, status: 'done' })).toEqual([]);
  });
});

describe('validateStepForm', () => {
  it('asks for a title of at most 200 characters', () => {
    expect(validateStepForm(form({ title: '  ' })).title).toBe('Give the step a title.');
    expect(validateStepForm(form({ title: 'é'.repeat(200) })).title).toBeUndefined();
    expect(validateStepForm(form({ title: 'é'.repeat(201) })).title).toMatch(/201 characters/);
  });

  it('refuses a due date before the start, and nothing else about dates', () => {
    expect(validateStepForm(form({ start: '2026-03-02', due: '2026-03-01' })).due).toMatch(/before the start/);
    expect(validateStepForm(form({ start: '2026-03-01', due: '2026-03-01' }))).toEqual({});
    expect(validateStepForm(form({ due: '2026-03-01' }))).toEqual({});
  });
});

describe('ownerChoices', () => {
  it('offers approved members and roles, by name', () => {
    const { members, roles } = ownerChoices(snapshot());
    expect(members.map((m) => m.id)).toEqual([anaKey, boKey]);
    expect(members.map((m) => m.id)).not.toContain(cleoKey);
    expect(roles.map((r) => r.name)).toEqual(['Editor', 'Writer']);
  });

  it('keeps an owner the steps name who is no longer a member', () => {
    const s = snapshot();
    s.members = s.members.filter((m) => m.key !== anaKey);
    expect(ownerChoices(s).members.map((m) => m.name)).toEqual(['Ana', 'Bo']);
    expect(ownerChoices({ ...s, steps: undefined }).members.map((m) => m.name)).toEqual(['Bo']);
  });
});

describe('roadmapStore', () => {
  it('adds a step and reads the state again', async () => {
    vi.mocked(areas.addStep).mockResolvedValue('s4');
    expect(await roadmapStore.add(form({ title: ' Print ', after: ['s1'] }))).toBeNull();
    expect(areas.addStep).toHaveBeenCalledWith(form({ title: 'Print', after: ['s1'] }));
    expect(areas.snapshot).toHaveBeenCalled();
    expect(roadmapStore.adding).toBe(false);
  });

  it('does not send a step that fails the checks', async () => {
    expect(await roadmapStore.add(form({ title: '' }))).toEqual({ title: 'Give the step a title.' });
    expect(areas.addStep).not.toHaveBeenCalled();
  });

  it('puts a refusal on its field, or on the form', async () => {
    vi.mocked(areas.addStep).mockRejectedValueOnce(new CairnError('invalid', 'owner', 'Nobody called “Zed”.'));
    expect(await roadmapStore.add(form())).toEqual({ owner: 'Nobody called “Zed”.' });
    vi.mocked(areas.addStep).mockRejectedValueOnce(new CairnError('internal', 'workspace', 'Disk full.'));
    expect(await roadmapStore.add(form())).toEqual({ form: 'Disk full.' });
  });

  it('keeps a refused dependency change on its step, until the next try', async () => {
    vi.mocked(areas.setStep).mockRejectedValueOnce(new CairnError('invalid', 'after', 'A → B → A'));
    expect(await roadmapStore.setAfter('s1', ['s2'])).toBe(false);
    expect(roadmapStore.afterErrors).toEqual({ s1: 'A → B → A' });
    expect(roadmapStore.saving).toEqual({});
    expect(await roadmapStore.setAfter('s1', [])).toBe(true);
    expect(areas.setStep).toHaveBeenLastCalledWith('s1', { after: [] });
    expect(roadmapStore.afterErrors).toEqual({});
  });

  it('sends a status as the only field', async () => {
    expect(await roadmapStore.setStatus('s2', 'done')).toBe(true);
    expect(areas.setStep).toHaveBeenCalledWith('s2', { status: 'done' });
  });

  it('after a refused move, says why and draws the timeline again from fresh state', async () => {
    await snapshotStore.start();
    const calls = vi.mocked(areas.snapshot).mock.calls.length;
    vi.mocked(areas.setStep).mockRejectedValueOnce(new CairnError('invalid', 'due', 'The due date comes first.'));
    expect(await roadmapStore.reschedule('s1', { start: '2026-11-02', due: '2026-10-01' })).toBe(false);
    expect(areas.setStep).toHaveBeenCalledWith('s1', { start: '2026-11-02', due: '2026-10-01' });
    expect(roadmapStore.timelineError).toBe('The due date comes first.');
    expect(roadmapStore.timelineRevision).toBe(1);
    expect(vi.mocked(areas.snapshot).mock.calls.length).toBe(calls + 1);

    expect(await roadmapStore.reschedule('s1', { due: '2026-12-12' })).toBe(true);
    expect(roadmapStore.timelineError).toBeNull();
    expect(roadmapStore.timelineRevision).toBe(1);
  });
});
