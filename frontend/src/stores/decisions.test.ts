import { describe, expect, it } from 'vitest';
import type { Decision } from '../api';
import { checkProposal, checkVote, countedText, quorumText, scoreChoice, tallyRows, type Ballot } from './decisions.svelte';

function decision(extra: Partial<Decision>): Decision {
  return {
    id: 'd',
    title: 'T',
    description: '',
    method: 'score',
    options: ['A', 'B'],
    closes: '',
    quorum: 0,
    proposedBy: '',
    votes: [],
    tally: { Voters: 0, QuorumMet: true, Counts: {}, Objections: 0, Averages: null },
    closed: null,
    ...extra,
  };
}

describe('decisions store', () => {
  it('says what a close counted, and what has not arrived yet', () => {
    const closed = (counted?: string[]) => ({ outcome: 'Yes', by: 'k', counted }) as Decision['closed'];
    const tally = (voters: number) => ({ Voters: voters, QuorumMet: true, Counts: {}, Objections: 0, Averages: null });
    expect(countedText(decision({ tally: tally(2), closed: closed(['a', 'b']) }))).toBe('2 votes counted at the close');
    expect(countedText(decision({ tally: tally(1), closed: closed(['a', 'b']) }))).toBe(
      '2 votes counted at the close (1 has not reached this computer yet)',
    );
    expect(countedText(decision({ tally: tally(1), closed: closed() }))).toBe('1 vote');
  });

  it('averages score votes, from the tally or from the ballots', () => {
    const fromTally = decision({ tally: { Voters: 2, QuorumMet: true, Counts: {}, Objections: 0, Averages: { A: 2.5, B: 4 } } });
    expect(tallyRows(fromTally).map((r) => r.text)).toEqual(['average 2.5 of 5', 'average 4 of 5']);
    const ballots: Ballot[] = [
      { member: 'x', choice: 'score', scores: { A: 1, B: 5 } },
      { member: 'y', choice: 'score', scores: { A: 2, B: 4 } },
    ];
    const fromVotes = decision({
      votes: ballots,
      tally: { Voters: 2, QuorumMet: true, Counts: {}, Objections: 0, Averages: null },
    });
    expect(tallyRows(fromVotes).map((r) => r.value)).toEqual([1.5, 4.5]);
  });

  it('encodes scores and checks them', () => {
    expect(scoreChoice(['A', 'B'], { A: 3, B: 5 })).toBe('A=3,B=5');
    expect(checkVote(decision({}), '', '', { A: 3, B: 6 }).choice).toContain('“B” has none');
    expect(checkVote(decision({}), '', '', { A: 0, B: 5 })).toEqual({});
  });

  it('words the quorum', () => {
    expect(quorumText(decision({ quorum: 5, tally: { Voters: 3, QuorumMet: false, Counts: {}, Objections: 0, Averages: null } }))).toBe(
      '3 of 5 votes needed; 2 more for the quorum.',
    );
    expect(quorumText(decision({ quorum: 0, tally: { Voters: 1, QuorumMet: true, Counts: {}, Objections: 0, Averages: null } }))).toBe(
      'No quorum asked; 1 vote so far.',
    );
  });

  it('refuses score options that would break the vote encoding', () => {
    const form = { title: 'T', description: '', method: 'score', options: ['A=1', 'B'], closes: '', quorum: 0 };
    expect(checkProposal(form, '2026-01-01').options).toContain('cannot contain');
    expect(checkProposal({ ...form, method: 'consent', options: [] }, '2026-01-01')).toEqual({});
  });
});
