// The Deliverable area: the part that is open, the text typed into it and
// its autosave, and the changes a person makes to the parts (order,
// suggestions, conflicts, revisions, comments), each with its refusal.
//
// Autosave keeps the person's typing safe: the editor's text (`text`) is
// the source while editing. The part's stored text is loaded into it only
// when a part is opened, or when the stored text changed and nothing typed
// is waiting to be saved. A snapshot refresh (which follows every write,
// including our own) never replaces what is being typed.

import {
  deliverable,
  toCairnError,
  type CairnError,
  type Part,
  type PartEdit,
  type PartForm,
  type PartView,
  type RevisionText,
  type Snapshot,
} from '../api';
import { snapshotStore } from './snapshot.svelte';
import { workspaceStore } from './workspace.svelte';
import * as limits from '../api/limits';

/** How long after the last keystroke the text is saved. */
export const autosaveDelay = 800;
export const maxTitleChars = limits.maxTitleChars;

export const kinds = [
  { id: 'curate', label: 'Curate' },
  { id: 'synthesise', label: 'Synthesise' },
  { id: 'co-create', label: 'Co-create' },
] as const;

export const modes = [
  { id: 'cooperation', label: 'Cooperation', hint: 'the owner writes; others suggest' },
  { id: 'collaboration', label: 'Collaboration', hint: 'the writers write together' },
] as const;

export function kindLabel(kind: string): string {
  return kinds.find((k) => k.id === kind)?.label ?? kind;
}

export function modeLabel(mode: string): string {
  return modes.find((m) => m.id === mode)?.label ?? mode;
}

export type SaveState = 'idle' | 'saving' | 'saved' | 'refused';

/** The backend's answer to a save of the text it already holds: nothing to do. */
export function isNothingToSave(error: CairnError): boolean {
  return error.code === 'unchanged';
}

/** Where movePart must put a part so it lands at index `to` (its before-neighbour, or "" for last). */
export function beforeFor(ids: readonly string[], from: number, to: number): string {
  if (from < to) return ids[to + 1] ?? '';
  return ids[to] ?? '';
}

/** The whole deliverable as one Markdown document, parts in order. */
export function wholeMarkdown(parts: readonly Pick<Part, 'title' | 'text'>[]): string {
  return parts.map((p) => `## ${p.title}\n\n${p.text.trimEnd()}\n`).join('\n');
}

export type PartField = 'title' | 'brief' | 'kind' | 'mode' | 'owner' | 'writers';
export type PartErrors = Partial<Record<PartField | 'form', string>>;
const partFields: readonly string[] = ['title', 'brief', 'kind', 'mode', 'owner', 'writers'];

export function validatePartForm(form: Pick<PartForm, 'title'>): PartErrors {
  const title = form.title.trim();
  const length = [...title].length;
  if (!title) return { title: 'Give the part a title.' };
  if (length > maxTitleChars) return { title: `The title is ${length} characters long; keep it to ${maxTitleChars}.` };
  return {};
}

function partErrorsFrom(reason: unknown): PartErrors {
  const error = toCairnError(reason);
  return partFields.includes(error.field) ? { [error.field]: error.message } : { form: error.message };
}

export class DeliverableStore {
  /** The open part's id. */
  selected = $state<string | null>(null);
  /** The open part with its revisions, suggestions, comments and conflict. */
  view = $state<PartView | null>(null);
  viewError = $state<string | null>(null);
  history = $state<RevisionText[]>([]);

  /** What the editor holds: the source of truth while editing. */
  text = $state('');
  /** The text the backend holds as far as we know (loaded, or saved by us). */
  savedText = $state('');
  saveState = $state<SaveState>('idle');
  saveError = $state<string | null>(null);
  /** The text typed to combine the sides of a conflict. */
  combined = $state('');

  /** Messages by action: "move", "suggest", "resolve", "restore", "comment", "settings", "suggestion:<id>". */
  errors = $state<Record<string, string>>({});
  /** Said once an action worked ("Suggestion sent."). */
  notice = $state<string | null>(null);
  busy = $state<Record<string, boolean>>({});

  wholeHtml = $state<string | null>(null);
  wholeError = $state<string | null>(null);

  me = $derived(snapshotStore.memberOf(workspaceStore.status?.info?.publicKey ?? ''));
  part = $derived(snapshotStore.snapshot?.parts.find((p) => p.id === this.selected) ?? null);
  /**
   * What the person may do with the open part, as the backend worked it out
   * from the rules replay judges by; nothing until the part's view arrives.
   */
  may = $derived(this.view && this.view.id === this.selected ? this.view.may : null);
  /** The person writes this part's text (else they compose a suggestion). */
  writable = $derived(!!this.part && !this.part.conflicted && !!this.may?.write);
  dirty = $derived(this.text !== this.savedText);

  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  /** The part's text in the snapshot, as last seen. */
  private storedText = '';
  private loads = 0;

  /** The editor's text changed: keep it, and save it once typing stops. */
  edit(text: string): void {
    if (text === this.text) return;
    this.text = text;
    this.notice = null;
    if (!this.writable) return;
    this.clearTimer();
    if (!this.dirty) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, autosaveDelay);
  }

  /** Whether a save waits for typing to stop. */
  get pending(): boolean {
    return this.timer !== null;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Saves the editor's text now, unless the backend already has it. */
  async save(): Promise<void> {
    this.clearTimer();
    while (this.inFlight) await this.inFlight;
    const id = this.selected;
    const text = this.text;
    if (!id || !this.writable || text === this.savedText) return;
    this.saveState = 'saving';
    this.saveError = null;
    const run = (async () => {
      try {
        await deliverable.write(id, text);
        this.savedOk(id, text);
      } catch (e) {
        const error = toCairnError(e);
        if (isNothingToSave(error)) {
          this.savedOk(id, text);
        } else if (this.selected === id) {
          this.saveState = 'refused';
          this.saveError = error.message;
        }
      }
    })();
    this.inFlight = run;
    try {
      await run;
    } finally {
      this.inFlight = null;
    }
  }

  private savedOk(id: string, text: string): void {
    if (this.selected !== id) return;
    this.savedText = text;
    this.saveState = 'saved';
    this.saveError = null;
  }

  /** Saves at once what waits for typing to stop, and waits for a save on its way. */
  async flush(): Promise<void> {
    if (this.timer) await this.save();
    else while (this.inFlight) await this.inFlight;
  }

  /**
   * Opens a part (null closes it), saving the one open first. Resolves to
   * false, leaving the part open, when its text could not be saved.
   */
  async open(id: string | null): Promise<boolean> {
    if (id === this.selected) return true;
    await this.flush();
    if (this.writable && this.dirty && this.saveState === 'refused') return false;
    this.selected = id;
    const text = this.part?.text ?? '';
    this.text = this.savedText = this.storedText = text;
    this.combined = '';
    this.saveState = 'idle';
    this.saveError = null;
    this.errors = {};
    this.notice = null;
    this.view = null;
    this.viewError = null;
    this.history = [];
    if (id) await this.load();
    return true;
  }

  /** Drops what was typed and not saved: back to the stored text. */
  discard(): void {
    this.clearTimer();
    this.text = this.savedText = this.storedText = this.part?.text ?? this.savedText;
    this.saveState = 'idle';
    this.saveError = null;
  }

  /** Reads the open part's details and history again. */
  async load(): Promise<void> {
    const id = this.selected;
    if (!id) return;
    const n = ++this.loads;
    try {
      const [view, history] = await Promise.all([deliverable.part(id), deliverable.history(id)]);
      if (n !== this.loads || this.selected !== id) return;
      this.view = view;
      this.history = history ?? [];
      this.viewError = null;
      const sides = view?.conflict?.sides ?? [];
      if (!this.combined && sides.length) this.combined = sides[0].text;
    } catch (e) {
      if (n === this.loads && this.selected === id) this.viewError = toCairnError(e).message;
    }
  }

  /**
   * The snapshot was read again. Loads the stored text into the editor only
   * when it changed and nothing typed waits to be saved; reads the part's
   * details again.
   */
  snapshotChanged(): void {
    const part = this.part;
    if (!part) return;
    if (part.text !== this.storedText) {
      this.storedText = part.text;
      if (!this.dirty && !this.timer && !this.inFlight) this.text = this.savedText = part.text;
    }
    if (!part.conflicted) this.combined = '';
    void this.load();
  }

  private async act(key: string, fn: () => Promise<unknown>, notice: string | null = null): Promise<boolean> {
    this.busy[key] = true;
    delete this.errors[key];
    this.notice = null;
    try {
      await fn();
    } catch (e) {
      this.errors[key] = toCairnError(e).message;
      return false;
    } finally {
      delete this.busy[key];
    }
    this.notice = notice;
    return true;
  }

  /** Moves a part before another ("" for last). */
  async move(id: string, before: string): Promise<boolean> {
    const ok = await this.act('move', () => deliverable.movePart(id, before));
    if (ok) await snapshotStore.refresh('deliverable');
    return ok;
  }

  adding = $state(false);

  /** Adds a part. Resolves to null when added, else to the problems by field. */
  async add(form: PartForm): Promise<PartErrors | null> {
    const found = validatePartForm(form);
    if (Object.keys(found).length) return found;
    this.adding = true;
    try {
      await deliverable.addPart({ ...form, title: form.title.trim(), writers: [...form.writers] });
    } catch (e) {
      return partErrorsFrom(e);
    } finally {
      this.adding = false;
    }
    await snapshotStore.refresh('deliverable');
    return null;
  }

  /** Changes the open part's settings. */
  async setPart(edit: PartEdit): Promise<boolean> {
    const id = this.selected;
    if (!id) return false;
    const ok = await this.act('settings', () => deliverable.setPart(id, edit), 'Settings saved.');
    if (ok) await snapshotStore.refresh('deliverable');
    return ok;
  }

  /** Sends the editor's text as a suggestion to the owner. */
  async suggest(note: string): Promise<boolean> {
    const id = this.selected;
    if (!id) return false;
    const text = this.text;
    const ok = await this.act('suggest', () => deliverable.suggest(id, text, note.trim()), 'Suggestion sent to the owner.');
    if (ok) {
      this.text = this.savedText;
      await this.load();
    }
    return ok;
  }

  /** Ends the conflict with the combined text. */
  async resolve(): Promise<boolean> {
    const id = this.selected;
    if (!id) return false;
    const text = this.combined;
    const ok = await this.act('resolve', () => deliverable.resolve(id, text), 'The conflict is resolved.');
    if (ok) {
      this.text = this.savedText = text;
      await snapshotStore.refresh('deliverable');
    }
    return ok;
  }

  /** Makes an earlier revision's text the part's text again. */
  async restore(revision: string): Promise<boolean> {
    const id = this.selected;
    if (!id) return false;
    await this.flush();
    const ok = await this.act('restore', () => deliverable.restore(id, revision), 'The revision is restored.');
    if (ok) {
      const text = this.history.find((r) => r.id === revision)?.text;
      if (text !== undefined && !this.dirty) this.text = this.savedText = text;
      await snapshotStore.refresh('deliverable');
    }
    return ok;
  }

  async accept(suggestion: string): Promise<boolean> {
    await this.flush();
    const ok = await this.act(`suggestion:${suggestion}`, () => deliverable.accept(suggestion), 'Suggestion accepted.');
    if (ok) await snapshotStore.refresh('deliverable');
    return ok;
  }

  async decline(suggestion: string, note: string): Promise<boolean> {
    const ok = await this.act(`suggestion:${suggestion}`, () => deliverable.decline(suggestion, note.trim()), 'Suggestion declined.');
    if (ok) await this.load();
    return ok;
  }

  async comment(body: string): Promise<boolean> {
    const id = this.selected;
    if (!id) return false;
    if (!body.trim()) {
      this.errors.comment = 'Write the comment first.';
      return false;
    }
    const ok = await this.act('comment', () => deliverable.comment(id, body.trim()));
    if (ok) await this.load();
    return ok;
  }

  /** Renders every part, in order, as one document. */
  async previewWhole(parts: readonly Pick<Part, 'title' | 'text'>[]): Promise<void> {
    this.wholeError = null;
    this.wholeHtml = null;
    try {
      this.wholeHtml = await deliverable.preview(wholeMarkdown(parts));
    } catch (e) {
      this.wholeError = toCairnError(e).message;
    }
  }

  reset(): void {
    this.clearTimer();
    this.inFlight = null;
    this.storedText = '';
    this.loads = 0;
    this.selected = null;
    this.view = null;
    this.viewError = null;
    this.history = [];
    this.text = '';
    this.savedText = '';
    this.saveState = 'idle';
    this.saveError = null;
    this.combined = '';
    this.errors = {};
    this.notice = null;
    this.busy = {};
    this.adding = false;
    this.wholeHtml = null;
    this.wholeError = null;
  }
}

export const deliverableStore = new DeliverableStore();
