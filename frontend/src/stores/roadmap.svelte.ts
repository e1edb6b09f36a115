// The Roadmap area: which view is shown, the list's filters, and the
// changes a person makes to the steps, each with the refusal it may get,
// kept next to the control it is about.

import { areas, toCairnError, type Step, type StepEdit, type StepForm } from '../api';
import { snapshotStore } from './snapshot.svelte';
import * as limits from '../api/limits';

export type RoadmapView = 'list' | 'timeline';

/** The owner filter's value for steps that nobody owns yet. */
export const noOwner = ':none';

export interface StepFilters {
  /** A status, or "" for any. */
  status: string;
  /** A member key or role id, noOwner, or "" for anyone. */
  owner: string;
  onlyMilestones: boolean;
}

export function filterSteps(steps: readonly Step[], filters: StepFilters): Step[] {
  return steps.filter(
    (s) =>
      (!filters.status || s.status === filters.status) &&
      (!filters.owner || (filters.owner === noOwner ? !s.owner : s.owner === filters.owner)) &&
      (!filters.onlyMilestones || s.milestone),
  );
}

export const maxTitleChars = limits.maxTitleChars;

export type StepField = 'title' | 'description' | 'start' | 'due' | 'owner' | 'after';
/** Problems by field; "form" holds what belongs to no field. */
export type StepErrors = Partial<Record<StepField | 'form', string>>;

const stepFields: readonly string[] = ['title', 'description', 'start', 'due', 'owner', 'after'];

/** The checks made before asking the backend: a title, and dates in order. */
export function validateStepForm(form: Pick<StepForm, 'title' | 'start' | 'due'>): StepErrors {
  const errors: StepErrors = {};
  const title = form.title.trim();
  if (!title) errors.title = 'Give the step a title.';
  else if ([...title].length > maxTitleChars)
    errors.title = `The title is ${[...title].length} characters long; keep it to ${maxTitleChars}.`;
  if (form.start && form.due && form.due < form.start) errors.due = 'The due date comes before the start date.';
  return errors;
}

/** A refusal as the message for its field, or for the form. */
function errorsFrom(reason: unknown): StepErrors {
  const error = toCairnError(reason);
  return stepFields.includes(error.field) ? { [error.field]: error.message } : { form: error.message };
}

export class RoadmapStore {
  view = $state<RoadmapView>('list');
  filters = $state<StepFilters>({ status: '', owner: '', onlyMilestones: false });

  /** Per step: why its status could not change. */
  statusErrors = $state<Record<string, string>>({});
  /** Per step: why its dependencies could not change (a loop, named). */
  afterErrors = $state<Record<string, string>>({});
  /** Per step: why its dates could not change, from the list. */
  dateErrors = $state<Record<string, string>>({});
  /** Why a bar dragged on the timeline could not stay where it was put. */
  timelineError = $state<string | null>(null);
  /** Grows each time the timeline must draw its bars again from the snapshot. */
  timelineRevision = $state(0);
  /** The steps with a change on its way. */
  saving = $state<Record<string, boolean>>({});
  adding = $state(false);

  /** Adds a step. Resolves to null when it was added, else to the problems by field. */
  async add(form: StepForm): Promise<StepErrors | null> {
    const found = validateStepForm(form);
    if (Object.keys(found).length) return found;
    this.adding = true;
    try {
      await areas.addStep({ ...form, title: form.title.trim(), after: [...form.after], parts: [...form.parts] });
    } catch (e) {
      return errorsFrom(e);
    } finally {
      this.adding = false;
    }
    await snapshotStore.refresh('roadmap');
    return null;
  }

  /** Sends edit for step; on refusal keeps the message in errors[id]. Resolves to whether it was taken. */
  private async change(id: string, edit: StepEdit, errors: Record<string, string>): Promise<boolean> {
    this.saving[id] = true;
    delete errors[id];
    try {
      await areas.setStep(id, edit);
    } catch (e) {
      errors[id] = toCairnError(e).message;
      return false;
    } finally {
      delete this.saving[id];
    }
    await snapshotStore.refresh('roadmap');
    return true;
  }

  setStatus(id: string, status: string): Promise<boolean> {
    return this.change(id, { status }, this.statusErrors);
  }

  setAfter(id: string, after: string[]): Promise<boolean> {
    return this.change(id, { after: [...after] }, this.afterErrors);
  }

  /** New dates typed in the list. */
  setDates(id: string, edit: Pick<StepEdit, 'start' | 'due'>): Promise<boolean> {
    return this.change(id, { ...edit }, this.dateErrors);
  }

  /**
   * New dates from a bar dragged on the timeline. On refusal the message
   * is shown above the chart, and the chart is drawn again from the
   * snapshot so the bar goes back where it was.
   */
  async reschedule(id: string, edit: Pick<StepEdit, 'start' | 'due'>): Promise<boolean> {
    this.timelineError = null;
    try {
      await areas.setStep(id, { ...edit });
    } catch (e) {
      this.timelineError = toCairnError(e).message;
      await snapshotStore.refresh('roadmap');
      this.timelineRevision++;
      return false;
    }
    await snapshotStore.refresh('roadmap');
    return true;
  }

  clearFilters(): void {
    this.filters = { status: '', owner: '', onlyMilestones: false };
  }

  reset(): void {
    this.view = 'list';
    this.clearFilters();
    this.statusErrors = {};
    this.afterErrors = {};
    this.dateErrors = {};
    this.timelineError = null;
    this.timelineRevision = 0;
    this.saving = {};
    this.adding = false;
  }
}

export const roadmapStore = new RoadmapStore();

export interface OwnerChoice {
  id: string;
  name: string;
}

/**
 * Who can own a step: the approved members still here and the roles, by
 * name. Owners the steps already name but that are no longer among them
 * (a member who left) are added to the members, so a filter can find them.
 */
export function ownerChoices(snapshot: {
  members: { key: string; name: string; approved: boolean; removed: boolean }[];
  roles: { id: string; name: string }[];
  steps?: { owner: string; ownerName: string }[];
}): { members: OwnerChoice[]; roles: OwnerChoice[] } {
  const byName = (a: OwnerChoice, b: OwnerChoice) => a.name.localeCompare(b.name);
  const members = snapshot.members
    .filter((m) => m.approved && !m.removed)
    .map((m) => ({ id: m.key, name: m.name || m.key.slice(0, 8) }));
  const roles = snapshot.roles.map((r) => ({ id: r.id, name: r.name }));
  const known = new Set([...members, ...roles].map((o) => o.id));
  for (const s of snapshot.steps ?? []) {
    if (s.owner && !known.has(s.owner)) {
      known.add(s.owner);
      members.push({ id: s.owner, name: s.ownerName || s.owner.slice(0, 8) });
    }
  }
  return { members: members.sort(byName), roles: roles.sort(byName) };
}
