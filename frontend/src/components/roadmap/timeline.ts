// What the Gantt chart shows, worked out from the roadmap's steps with no
// chart in sight, so that it can be tested on its own: which steps become
// bars, where they start and end, which arrows join them, and which steps
// have no date yet. Also the way back: a bar's new dates as a StepEdit.

import type { Step, StepEdit } from '../../api';

/** The statuses a step moves through, in order. */
export const stepStatuses = ['planned', 'active', 'blocked', 'done', 'validated'] as const;

/** A task as frappe-gantt takes it. */
export interface TimelineTask {
  id: string;
  /** The step's title, escaped: frappe-gantt writes it with innerHTML. */
  name: string;
  /** YYYY-MM-DD. */
  start: string;
  /** YYYY-MM-DD, the last day of the step (frappe-gantt counts it in). */
  end: string;
  /** 0–100: milestones from their steps, done and validated steps in full. */
  progress: number;
  /** The steps this one waits for, each one a bar of the chart too. */
  dependencies: string[];
  /**
   * One class, for the status and whether it is a milestone:
   * "step-active", "milestone-planned". frappe-gantt adds it with
   * classList.add, which refuses a space, so it must stay a single word.
   */
  custom_class: string;
}

export interface Timeline {
  tasks: TimelineTask[];
  /** The steps with no (valid) due date, in roadmap order. */
  undated: Step[];
  /**
   * Where the chart opens: two weeks before today when today falls among
   * the bars (never before the first one), else the first bar's start.
   */
  scrollTo: string;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isDate(text: string): boolean {
  const m = datePattern.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** A local Date as YYYY-MM-DD (the day the person sees on the chart). */
export function toDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Text safe to put inside HTML: frappe-gantt writes labels with innerHTML. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The status as a known word: anything else a newer backend sends counts as planned. */
export function statusOf(step: Pick<Step, 'status'>): (typeof stepStatuses)[number] {
  return (stepStatuses as readonly string[]).includes(step.status)
    ? (step.status as (typeof stepStatuses)[number])
    : 'planned';
}

function progressOf(step: Step): number {
  const status = statusOf(step);
  if (status === 'done' || status === 'validated') return 100;
  if (step.milestone && step.total > 0) return Math.round((100 * Math.min(step.finished, step.total)) / step.total);
  return 0;
}

/**
 * Maps the roadmap's steps to frappe-gantt tasks. A step with a due date
 * is a bar from its start (or its due date, without one) to its due date;
 * a milestone is a one-day bar on its due date. Dependencies become arrows
 * when both steps are on the chart. Steps without a due date are left out
 * and listed in `undated`. `today` is YYYY-MM-DD.
 */
export function toTimelineTasks(steps: readonly Step[], today: string): Timeline {
  const undated: Step[] = [];
  const dated: Step[] = [];
  for (const step of steps) (isDate(step.due) ? dated : undated).push(step);

  const onChart = new Set(dated.map((s) => s.id));
  const tasks = dated.map((step): TimelineTask => {
    let start = step.milestone || !isDate(step.start) ? step.due : step.start;
    // A bar cannot end before it starts; the backend refuses such dates,
    // so this only guards against a damaged step.
    if (start > step.due) start = step.due;
    const status = statusOf(step);
    return {
      id: step.id,
      name: escapeHtml(step.milestone ? `◆ ${step.title}` : step.title),
      start,
      end: step.due,
      progress: progressOf(step),
      dependencies: [...new Set(step.after)].filter((id) => id !== step.id && onChart.has(id)),
      custom_class: `${step.milestone ? 'milestone' : 'step'}-${status}`,
    };
  });

  let scrollTo = today;
  if (tasks.length) {
    const first = tasks.reduce((min, t) => (t.start < min ? t.start : min), tasks[0].start);
    const last = tasks.reduce((max, t) => (t.end > max ? t.end : max), tasks[0].end);
    if (!isDate(today) || today < first || today > last) scrollTo = first;
    else {
      // Two weeks before today, for what led up to it, but not before the first bar.
      const [y, m, d] = today.split('-').map(Number);
      const before = toDay(new Date(y, m - 1, d - 14));
      scrollTo = before < first ? first : before;
    }
  }
  return { tasks, undated, scrollTo };
}

/**
 * What to send when a bar was dragged or stretched to [start, end] (the
 * dates frappe-gantt reports): only the dates that changed, or null when
 * none did. A milestone is its due date: its start stays, unless the due
 * date moved before it. A step that had no start keeps none while it stays
 * a one-day bar.
 */
export function rescheduleEdit(step: Step, start: Date, end: Date): StepEdit | null {
  const due = toDay(end);
  let from = toDay(start);
  if (step.milestone) from = step.start && step.start > due ? due : step.start;
  else if (!step.start && from === due) from = '';
  const edit: StepEdit = {};
  if (from !== step.start) edit.start = from;
  if (due !== step.due) edit.due = due;
  return Object.keys(edit).length ? edit : null;
}

/** What each status is called on screen. */
export const statusLabels: Record<(typeof stepStatuses)[number], string> = {
  planned: 'Planned',
  active: 'Active',
  blocked: 'Blocked',
  done: 'Done',
  validated: 'Validated',
};

/** A YYYY-MM-DD day as the person's locale writes it ("Dec 10, 2026"); other text as it is. */
export function formatDay(day: string): string {
  if (!isDate(day)) return day;
  const [year, month, date] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(year, month - 1, date));
}

/** A step's dates in words: "Nov 1, 2026 – Dec 10, 2026", "Due Jan 31, 2027", "From …", or "No dates yet". */
export function datesText(step: Pick<Step, 'start' | 'due'>): string {
  if (step.start && step.due) return `${formatDay(step.start)} – ${formatDay(step.due)}`;
  if (step.due) return `Due ${formatDay(step.due)}`;
  if (step.start) return `From ${formatDay(step.start)}`;
  return 'No dates yet';
}
