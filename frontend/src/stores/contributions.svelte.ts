// What the Contributions page fetches (the types one can log, the credits
// as they will be published) and computes from the shared state: the review
// inbox, my contributions, the checks a note passes before it is sent.

import {
  contributions,
  toCairnError,
  type CairnError,
  type Contribution,
  type ContributionKind,
  type Credit,
  type Snapshot,
} from '../api';
import { byteLength, formatNumber } from './vision.svelte';
import * as limits from '../api/limits';

/** contributions.MaxNoteBytes */
export const maxNoteBytes = limits.maxNoteBytes;

export type ContributionField = 'type' | 'note' | 'part' | 'step';
export const contributionFields: readonly ContributionField[] = ['type', 'note', 'part', 'step'];

/** What is wrong with a note, or null when it can be sent. */
export function checkNote(note: string): string | null {
  if (note.trim() === '') return 'Say in a few words what you did.';
  const bytes = byteLength(note);
  if (bytes > maxNoteBytes) {
    return `The note is ${formatNumber(bytes)} bytes long. Keep it under ${formatNumber(maxNoteBytes)}; link to longer work instead.`;
  }
  return null;
}

/** Why a return cannot be sent yet, or null. */
export function checkReturnNote(note: string): string | null {
  return note.trim() === '' ? 'Say why you return it, so its author knows what to change.' : null;
}

/** Kinds whose label or key contains the words typed, ignoring case and accents. */
export function filterKinds(kinds: readonly ContributionKind[], query: string): ContributionKind[] {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...kinds];
  return kinds.filter((k) => {
    const text = fold(`${k.label} ${k.key}`);
    return words.every((w) => text.includes(w));
  });
}

/** "💻 Code", or "Methodology" for a CRediT role; the key itself when unknown. */
export function kindText(kinds: readonly ContributionKind[], key: string): string {
  const kind = kinds.find((k) => k.key === key);
  if (!kind) return key;
  return kind.emoji ? `${kind.emoji} ${kind.label}` : kind.label;
}

/** "Part: Methods · Step: Analyse samples", or "" when not linked. */
export function linkText(snapshot: Snapshot | null, c: { part?: string; step?: string }): string {
  const words: string[] = [];
  if (c.part) words.push(`Part: ${snapshot?.parts.find((p) => p.id === c.part)?.title || c.part}`);
  if (c.step) words.push(`Step: ${snapshot?.steps.find((s) => s.id === c.step)?.title || c.step}`);
  return words.join(' · ');
}

/** Contributions waiting for a validator: submitted, by others than me. */
export function reviewInbox(snapshot: Snapshot | null, me: string): Contribution[] {
  return (snapshot?.contributions ?? []).filter((c) => c.status === 'submitted' && c.member !== me);
}

export function myContributions(snapshot: Snapshot | null, me: string): Contribution[] {
  if (!me) return [];
  return (snapshot?.contributions ?? []).filter((c) => c.member === me);
}

export interface CreditRow {
  name: string;
  /** "💻 Code", "🔬 Research": the all-contributors types only. */
  badges: string[];
}

/** The contributors table as published: members with an all-contributors type. */
export function creditTable(credits: readonly Credit[], kinds: readonly ContributionKind[]): CreditRow[] {
  const rows: CreditRow[] = [];
  for (const c of credits) {
    const badges = kindsOf(c, kinds)
      .filter((k) => !k.credit)
      .map((k) => `${k.emoji} ${k.label}`);
    if (badges.length > 0) rows.push({ name: c.name || 'Anonymous', badges });
  }
  return rows;
}

/** The CRediT statement as published: "Ana: Conceptualization, Methodology. Bo: Software." */
export function creditStatement(credits: readonly Credit[], kinds: readonly ContributionKind[]): string {
  const sentences: string[] = [];
  for (const c of credits) {
    const roles = kindsOf(c, kinds)
      .filter((k) => k.credit)
      .map((k) => k.label);
    if (roles.length > 0) sentences.push(`${c.name || 'Anonymous'}: ${roles.join(', ')}.`);
  }
  return sentences.join(' ');
}

/** A member's known kinds, all-contributors types first, in the taxonomy's order. */
function kindsOf(credit: Credit, kinds: readonly ContributionKind[]): ContributionKind[] {
  const has = new Set(credit.kinds);
  const known = kinds.filter((k) => has.has(k.key));
  return [...known.filter((k) => !k.credit), ...known.filter((k) => k.credit)];
}

export class ContributionsStore {
  kinds = $state<ContributionKind[]>([]);
  credits = $state<Credit[]>([]);
  error = $state<CairnError | null>(null);
  private kindsLoaded = false;

  /** Loads the types (once) and the credits (each time). */
  async load(): Promise<void> {
    try {
      if (!this.kindsLoaded) {
        this.kinds = await contributions.kinds();
        this.kindsLoaded = true;
      }
      this.credits = await contributions.credits();
      this.error = null;
    } catch (e) {
      this.error = toCairnError(e);
    }
  }

  reset(): void {
    this.kinds = [];
    this.credits = [];
    this.error = null;
    this.kindsLoaded = false;
  }
}

export const contributionsStore = new ContributionsStore();
