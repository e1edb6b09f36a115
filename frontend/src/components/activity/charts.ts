// The numbers behind the "At a glance" charts, from the shared state. Pure
// functions: the chart component only draws what they return, and the same
// numbers go into each chart's text table.
//
// Colours are named by the CSS custom property they come from (see app.css);
// the chart reads their values when it draws, so both themes work.

import type { Contribution, Decision, Member, Step } from '../../api';

export type CssColour =
  | '--accent'
  | '--accent-soft'
  | '--focus'
  | '--danger'
  | '--danger-soft'
  | '--muted'
  | '--border'
  | '--border-strong'
  | '--surface';

export interface ChartSeries {
  key: string;
  label: string;
  /** One number per label of the chart. */
  data: number[];
  fill: CssColour;
  border: CssColour;
}

export interface BarChartData {
  /** The bars: members, milestones or decisions. */
  labels: string[];
  /** The stacked pieces of each bar. */
  series: ChartSeries[];
}

// ---- Contributions per member and type ----

/** Fill and outline of each contribution type, in order; a soft fill keeps a strong outline. */
const typeColours: readonly { fill: CssColour; border: CssColour }[] = [
  { fill: '--accent', border: '--accent' },
  { fill: '--focus', border: '--focus' },
  { fill: '--danger', border: '--danger' },
  { fill: '--muted', border: '--muted' },
  { fill: '--accent-soft', border: '--accent' },
  { fill: '--danger-soft', border: '--danger' },
  { fill: '--border-strong', border: '--border-strong' },
];
const otherColour = { fill: '--border', border: '--border-strong' } as const;

/** The most types a chart shows apart; with more, the rarest share one "Other types" piece. */
export const maxTypes = typeColours.length;

/** A type key in words: "writing-original-draft" → "Writing original draft". */
export function typeLabel(key: string): string {
  const words = key.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Other';
}

export interface ContributionChartOptions {
  /**
   * Count only accepted contributions (what the community has credited).
   * By default, those still waiting for review count too; returned ones
   * never do, since they were sent back.
   */
  onlyAccepted?: boolean;
}

/** The statuses a contribution chart counts. */
export function countedStatuses(options: ContributionChartOptions = {}): string[] {
  return options.onlyAccepted ? ['accepted'] : ['accepted', 'submitted'];
}

/**
 * Contributions per member, stacked by type. Contributions carry no date,
 * so this is a bar per member, not a line over time. Members come in the
 * workspace's order (then anyone else, as first met); only members with
 * something counted get a bar. Types come most frequent first; past
 * maxTypes, the rarest are added up as "Other types".
 */
export function contributionChart(
  contributions: readonly Contribution[],
  members: readonly Pick<Member, 'key'>[],
  nameOf: (key: string) => string,
  options: ContributionChartOptions = {},
): BarChartData & { total: number } {
  const statuses = countedStatuses(options);
  const counted = contributions.filter((c) => statuses.includes(c.status));

  const order = new Map<string, number>();
  members.forEach((m, i) => order.set(m.key, i));
  const memberKeys = [...new Set(counted.map((c) => c.member))].sort(
    (a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity),
  );
  // Sort is stable: unknown members stay in the order first met.

  const perType = new Map<string, number>();
  for (const c of counted) perType.set(c.type, (perType.get(c.type) ?? 0) + 1);
  const types = [...perType.keys()].sort((a, b) => perType.get(b)! - perType.get(a)! || a.localeCompare(b));
  const shown = types.length > maxTypes ? types.slice(0, maxTypes - 1) : types;
  const grouped = types.length > maxTypes;

  const count = (member: string, match: (type: string) => boolean) =>
    counted.filter((c) => c.member === member && match(c.type)).length;

  const series: ChartSeries[] = shown.map((type, i) => ({
    key: type,
    label: typeLabel(type),
    data: memberKeys.map((m) => count(m, (t) => t === type)),
    ...typeColours[i],
  }));
  if (grouped) {
    series.push({
      key: ':other',
      label: 'Other types',
      data: memberKeys.map((m) => count(m, (t) => !shown.includes(t))),
      ...otherColour,
    });
  }
  return { labels: memberKeys.map(nameOf), series, total: counted.length };
}

// ---- Milestones ----

export interface MilestoneProgress {
  id: string;
  title: string;
  /** YYYY-MM-DD or "". */
  due: string;
  finished: number;
  total: number;
}

/**
 * Each milestone's steps done out of the steps that lead to it, as they
 * stand now, soonest due first (undated last). Cairn does not record when a
 * step was done, so there is no line over time to draw honestly.
 */
export function milestoneProgress(steps: readonly Step[]): MilestoneProgress[] {
  return steps
    .filter((s) => s.milestone)
    .map((s) => {
      const total = Math.max(0, s.total ?? 0);
      return { id: s.id, title: s.title, due: s.due ?? '', finished: Math.min(total, Math.max(0, s.finished ?? 0)), total };
    })
    .sort((a, b) => (a.due || '9999').localeCompare(b.due || '9999'));
}

export function milestoneChart(steps: readonly Step[]): BarChartData & { milestones: MilestoneProgress[] } {
  const milestones = milestoneProgress(steps);
  return {
    milestones,
    labels: milestones.map((m) => m.title),
    series: [
      { key: 'done', label: 'Steps done', data: milestones.map((m) => m.finished), fill: '--accent', border: '--accent' },
      {
        key: 'left',
        label: 'Steps still to do',
        data: milestones.map((m) => m.total - m.finished),
        fill: '--border',
        border: '--border-strong',
      },
    ],
  };
}

// ---- Decisions ----

export interface Participation {
  id: string;
  title: string;
  closed: boolean;
  /** Members who voted (each counted once). */
  voted: number;
  /** Approved members who have not voted. */
  notVoted: number;
}

/** The members who may vote today: approved and not removed. */
export function votingMembers(members: readonly Pick<Member, 'approved' | 'removed'>[]): number {
  return members.filter((m) => m.approved && !m.removed).length;
}

/**
 * Per decision, in the workspace's order: the members who voted, and the
 * approved members who did not. Membership is today's, not the one at the
 * time of the vote, so a member who voted and left still counts as voted.
 */
export function decisionParticipation(
  decisions: readonly Pick<Decision, 'id' | 'title' | 'votes' | 'closed'>[],
  members: readonly Pick<Member, 'key' | 'approved' | 'removed'>[],
): Participation[] {
  const eligible = new Set(members.filter((m) => m.approved && !m.removed).map((m) => m.key));
  return decisions.map((d) => {
    const voters = new Set((d.votes ?? []).map((v) => v.member));
    const eligibleVoted = [...voters].filter((v) => eligible.has(v)).length;
    return {
      id: d.id,
      title: d.title,
      closed: !!d.closed,
      voted: voters.size,
      notVoted: eligible.size - eligibleVoted,
    };
  });
}

export function decisionChart(
  decisions: readonly Pick<Decision, 'id' | 'title' | 'votes' | 'closed'>[],
  members: readonly Pick<Member, 'key' | 'approved' | 'removed'>[],
): BarChartData & { decisions: Participation[] } {
  const rows = decisionParticipation(decisions, members);
  return {
    decisions: rows,
    labels: rows.map((d) => (d.closed ? `${d.title} (closed)` : d.title)),
    series: [
      { key: 'voted', label: 'Voted', data: rows.map((d) => d.voted), fill: '--accent', border: '--accent' },
      {
        key: 'not-voted',
        label: 'Did not vote',
        data: rows.map((d) => d.notVoted),
        fill: '--border',
        border: '--border-strong',
      },
    ],
  };
}
