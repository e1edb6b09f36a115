import { describe, expect, it } from 'vitest';
import type { Contribution, Decision, Step } from '../../api/types';
import { anaKey, boKey, cleoKey, snapshot } from '../../test/snapshot';
import {
  contributionChart,
  countedStatuses,
  decisionChart,
  decisionParticipation,
  maxTypes,
  milestoneChart,
  milestoneProgress,
  typeLabel,
  votingMembers,
} from './charts';

const members = snapshot().members;
const names: Record<string, string> = { [anaKey]: 'Ana', [boKey]: 'Bo', [cleoKey]: 'Cleo' };
const nameOf = (key: string) => names[key] ?? key.slice(0, 8);

let next = 0;
function contribution(member: string, type: string, status = 'accepted'): Contribution {
  return { id: `c${++next}`, member, type, note: 'did it', status };
}

function step(id: string, extra: Partial<Step> = {}): Step {
  return {
    id, title: id, description: '', status: 'planned', start: '', due: '', owner: '', ownerName: '',
    after: [], parts: [], milestone: true, finished: 0, total: 0, ...extra,
  };
}

function decision(id: string, voters: string[], closed = false): Decision {
  return {
    id, title: `Decide ${id}`, description: '', method: 'consent', options: [], closes: '', quorum: 0, proposedBy: anaKey,
    votes: voters.map((member) => ({ member, choice: 'consent' })),
    tally: { Voters: voters.length, QuorumMet: true, Counts: {}, Objections: 0, Averages: null },
    closed: closed ? { outcome: 'adopted', by: anaKey } : null,
  };
}

describe('contributionChart', () => {
  const list = [
    contribution(boKey, 'code'),
    contribution(anaKey, 'content'),
    contribution(anaKey, 'code'),
    contribution(anaKey, 'code', 'submitted'),
    contribution(boKey, 'translation', 'returned'),
    contribution(boKey, 'content', 'submitted'),
  ];

  it('counts accepted and submitted contributions per member and type, never returned ones', () => {
    const chart = contributionChart(list, members, nameOf);
    // Members in the workspace's order, types most frequent first.
    expect(chart.labels).toEqual(['Ana', 'Bo']);
    expect(chart.series.map((s) => [s.label, s.data])).toEqual([
      ['Code', [2, 1]],
      ['Content', [1, 1]],
    ]);
    expect(chart.total).toBe(5);
  });

  it('counts only accepted contributions when asked', () => {
    expect(countedStatuses({ onlyAccepted: true })).toEqual(['accepted']);
    const chart = contributionChart(list, members, nameOf, { onlyAccepted: true });
    expect(chart.labels).toEqual(['Ana', 'Bo']);
    expect(chart.series.map((s) => [s.key, s.data])).toEqual([
      ['code', [1, 1]],
      ['content', [1, 0]],
    ]);
    expect(chart.total).toBe(3);
  });

  it('leaves out members with nothing counted and puts unknown members last', () => {
    const stranger = 'd'.repeat(64);
    const chart = contributionChart(
      [contribution(stranger, 'code'), contribution(boKey, 'code'), contribution(cleoKey, 'code', 'returned')],
      members,
      nameOf,
    );
    expect(chart.labels).toEqual(['Bo', 'dddddddd']);
  });

  it('adds the rarest types up as "Other types" past the colours it has', () => {
    const types = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const many = types.flatMap((t, i) => Array.from({ length: types.length - i }, () => contribution(anaKey, t)));
    const chart = contributionChart(many, members, nameOf);
    expect(chart.series).toHaveLength(maxTypes);
    expect(chart.series.slice(0, -1).map((s) => s.key)).toEqual(types.slice(0, maxTypes - 1));
    const other = chart.series[chart.series.length - 1];
    expect(other.label).toBe('Other types');
    // g, h and i: 3 + 2 + 1.
    expect(other.data).toEqual([6]);
    expect(chart.series.reduce((sum, s) => sum + s.data[0], 0)).toBe(many.length);
    // Each piece has its own colour.
    expect(new Set(chart.series.map((s) => s.fill)).size).toBe(chart.series.length);
  });

  it('is empty without contributions', () => {
    expect(contributionChart([], members, nameOf)).toEqual({ labels: [], series: [], total: 0 });
  });

  it('puts type keys in words', () => {
    expect(typeLabel('writing-original-draft')).toBe('Writing original draft');
    expect(typeLabel('code')).toBe('Code');
  });
});

describe('milestones', () => {
  it('keeps the milestones, soonest due first, with steps done and still to do', () => {
    const steps = [
      step('later', { due: '2027-03-01', finished: 2, total: 5 }),
      step('plain', { milestone: false, finished: 1, total: 1 }),
      step('undated', { finished: 0, total: 3 }),
      step('sooner', { due: '2027-01-31', finished: 1, total: 2 }),
    ];
    expect(milestoneProgress(steps).map((m) => m.id)).toEqual(['sooner', 'later', 'undated']);
    const chart = milestoneChart(steps);
    expect(chart.labels).toEqual(['sooner', 'later', 'undated']);
    expect(chart.series.map((s) => [s.key, s.data])).toEqual([
      ['done', [1, 2, 0]],
      ['left', [1, 3, 3]],
    ]);
  });

  it('never shows more done than there is, nor less than nothing', () => {
    const [m] = milestoneProgress([step('odd', { finished: 4, total: 2 })]);
    expect([m.finished, m.total]).toEqual([2, 2]);
    expect(milestoneChart([step('odd', { finished: 4, total: 2 })]).series[1].data).toEqual([0]);
  });

  it('reads the fixture milestone', () => {
    expect(milestoneProgress(snapshot().steps)).toEqual([
      { id: 's3', title: 'Guide ready', due: '2027-01-31', finished: 1, total: 2 },
    ]);
  });
});

describe('decision participation', () => {
  it('counts approved, not removed members as voters', () => {
    expect(votingMembers(members)).toBe(2);
    expect(votingMembers([...members, { ...members[0], key: 'x', removed: true }])).toBe(2);
  });

  it('counts each member who voted once, against the approved members who did not', () => {
    const rows = decisionParticipation(
      [decision('d1', [anaKey]), decision('d2', [anaKey, boKey, anaKey], true), decision('d3', [])],
      members,
    );
    expect(rows).toEqual([
      { id: 'd1', title: 'Decide d1', closed: false, voted: 1, notVoted: 1 },
      { id: 'd2', title: 'Decide d2', closed: true, voted: 2, notVoted: 0 },
      { id: 'd3', title: 'Decide d3', closed: false, voted: 0, notVoted: 2 },
    ]);
  });

  it('counts a voter who is not an approved member today as voted, without lowering who did not', () => {
    const [row] = decisionParticipation([decision('d1', [cleoKey, anaKey])], members);
    expect([row.voted, row.notVoted]).toEqual([2, 1]);
  });

  it('charts voted and did not vote, naming closed decisions', () => {
    const chart = decisionChart([decision('d1', [anaKey]), decision('d2', [boKey], true)], members);
    expect(chart.labels).toEqual(['Decide d1', 'Decide d2 (closed)']);
    expect(chart.series.map((s) => [s.label, s.data])).toEqual([
      ['Voted', [1, 1]],
      ['Did not vote', [1, 1]],
    ]);
  });
});
