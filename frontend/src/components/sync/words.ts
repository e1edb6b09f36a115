// The words the Sync page and Home use for a sync: its stages, its counts,
// its problems and when it ran.

import type { SyncProblem, SyncProgress } from '../../api';

export interface Stage {
  id: string;
  words: string;
}

/** The four stages of a sync, in the order they run. */
export const stages: readonly Stage[] = [
  { id: 'export', words: 'Preparing your changes' },
  { id: 'fetch', words: 'Fetching' },
  { id: 'import', words: "Taking in others' changes" },
  { id: 'push', words: 'Sending' },
];

/** 1 … 4 for a running stage, 4 once done, 0 before the first. */
export function stagePosition(stage: string): number {
  if (stage === 'done') return stages.length;
  return stages.findIndex((s) => s.id === stage) + 1;
}

export function stageWords(stage: string): string {
  if (stage === 'done') return 'Done';
  return stages.find((s) => s.id === stage)?.words ?? 'Starting';
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 segments sent, 2 received; 14 changes applied, 0 held, 1 refused." */
export function summaryWords(s: SyncProgress): string {
  return (
    `${count(s.sent ?? 0, 'segment', 'segments')} sent, ${s.received ?? 0} received; ` +
    `${count(s.applied ?? 0, 'change', 'changes')} applied, ${s.held ?? 0} held, ${s.rejected ?? 0} refused.`
  );
}

/** A reason as the backend words it ("the author had been removed…"), as a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** What a change that came in but is not in force means. */
export function changeKindWords(kind: string): string {
  switch (kind) {
    case 'waiting':
      return 'kept until they are let in';
    case 'ahead':
      return 'waiting for the date it carries';
    case 'removed':
      return 'kept aside: made after its author was removed, before they knew';
    default:
      return 'not accepted';
  }
}

/** "Bo Chen offered: Portuguese translation: waiting for the date it carries. The computer …" */
export function changeWords(c: { name: string; what: string; kind: string; reason: string }): string {
  return `${c.name} ${c.what}: ${changeKindWords(c.kind)}. ${sentence(c.reason)}`;
}

/** "1 problem", "3 problems", "no problems". */
export function problemCountWords(n: number): string {
  return n === 0 ? 'no problems' : count(n, 'problem', 'problems');
}

/** What a held or refused piece of data means for the person. */
export function kindWords(kind: string): string {
  switch (kind) {
    case 'held':
      return 'held: will be looked at again at the next sync';
    case 'refused':
      return 'refused';
    case 'housekeeping':
      return 'housekeeping';
    case 'damaged':
      return 'someone changed a member’s shared copy; what could be taken was taken';
    case 'repaired':
      return 'your shared copy was put back';
    case 'clock':
      return 'your clock';
    case 'copy':
      return 'a copied folder';
    default:
      return kind;
  }
}

/** "Refused (from computer r-42): the signature does not match." */
export function problemWords(p: SyncProblem): string {
  const kind = kindWords(p.kind);
  const from = p.replica ? ` (from computer ${p.replica})` : p.segment ? ` (segment ${p.segment})` : '';
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)}${from}: ${p.reason}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "today at 10:30", "yesterday at 09:05", "on 3 Mar 2026 at 18:00", or "never" for "". */
export function whenWords(at: string, now: Date = new Date()): string {
  if (!at) return 'never';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(date);
  if (sameDay(date, now)) return `today at ${time}`;
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (sameDay(date, yesterday)) return `yesterday at ${time}`;
  const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
  return `on ${day} at ${time}`;
}

/** A local date as YYYY-MM-DD, the form steps' dates take. */
export function isoDate(date: Date = new Date()): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** "10 Dec 2026" for "2026-12-10", in the person's own way of writing dates. */
export function dayWords(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
}
