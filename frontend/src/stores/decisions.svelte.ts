// What the Decisions page computes from the shared state (open decisions
// and the archive, the tally in words, your vote), and the checks a
// proposal, a vote and a closing pass before they are sent: the same rules
// as the Go side's (backend/decisions).

import type { Closing, Decision, ProposalForm, Snapshot, Vote } from '../api';
import { characterCount } from '../validation';
import { byteLength, formatNumber } from './vision.svelte';
import * as limits from '../api/limits';

export type Method = 'consent' | 'consensus' | 'advice' | 'poll' | 'score';

export const methods: readonly { value: Method; label: string; hint: string }[] = [
  { value: 'consent', label: 'Consent', hint: 'It passes unless someone objects, with a reason.' },
  { value: 'consensus', label: 'Consensus', hint: 'Everyone agrees, abstains or disagrees; a block stops it.' },
  { value: 'advice', label: 'Advice', hint: 'Everyone gives advice; the proposer decides.' },
  { value: 'poll', label: 'Poll', hint: 'Each member picks one of the options.' },
  { value: 'score', label: 'Score', hint: 'Each member scores every option from 0 to 5.' },
];

export function methodLabel(method: string): string {
  return methods.find((m) => m.value === method)?.label ?? method;
}

/** The fixed answers of the methods that have them. */
export const fixedChoices: Partial<Record<Method, readonly { value: string; label: string }[]>> = {
  consent: [
    { value: 'consent', label: 'Consent' },
    { value: 'object', label: 'Object' },
  ],
  consensus: [
    { value: 'agree', label: 'Agree' },
    { value: 'abstain', label: 'Abstain' },
    { value: 'disagree', label: 'Disagree' },
    { value: 'block', label: 'Block' },
  ],
  advice: [{ value: 'advice', label: 'Advice' }],
};

/** Choices that must come with a reason. */
export const needsReason = new Set(['object', 'block', 'advice']);

export const maxScore = limits.maxScore;
export const maxOptions = limits.maxOptions;
export const maxTitleChars = limits.maxTitleChars;
export const maxOptionChars = limits.maxNameChars;
export const maxOutcomeBytes = limits.maxNoteBytes;

/** A vote as the snapshot carries it: a score vote has its scores. */
export type Ballot = Vote;

export function closingOf(d: Decision): Closing | null {
  return d.closed;
}

/**
 * How many votes a closed decision counted, in words. A close names the
 * ballots it counted: "2 votes counted at the close"; when some of them
 * have not reached this computer yet, it says so. Older closes named none.
 */
export function countedText(d: Decision): string {
  const votes = (n: number) => (n === 1 ? '1 vote' : `${n} votes`);
  const voters = d.tally?.Voters ?? 0;
  const counted = d.closed?.counted;
  if (!counted) return votes(voters);
  const missing = counted.length - voters;
  const arriving = missing > 0 ? ` (${missing === 1 ? '1 has' : `${missing} have`} not reached this computer yet)` : '';
  return `${votes(counted.length)} counted at the close${arriving}`;
}

/** Today in local time, YYYY-MM-DD. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export type ProposalField = 'title' | 'description' | 'method' | 'options' | 'closes' | 'quorum';
export const proposalFields: readonly ProposalField[] = ['title', 'description', 'method', 'options', 'closes', 'quorum'];
export type ProposalErrors = Partial<Record<ProposalField | 'form', string>>;

export function usesOptions(method: string): boolean {
  return method === 'poll' || method === 'score';
}

/** What is wrong with a proposal, field by field; empty when it can be sent. */
export function checkProposal(form: ProposalForm, now = today()): ProposalErrors {
  const errors: ProposalErrors = {};
  const title = form.title.trim();
  if (title === '') errors.title = 'Give the proposal a title.';
  else if (characterCount(title) > maxTitleChars) {
    errors.title = `Keep the title to ${maxTitleChars} characters or fewer (this one has ${characterCount(title)}).`;
  }
  if (!methods.some((m) => m.value === form.method)) errors.method = 'Choose how members answer.';
  else if (usesOptions(form.method)) {
    const options = form.options.map((o) => o.trim());
    const seen = new Set<string>();
    if (options.length < 2) errors.options = `A ${form.method} needs at least two options.`;
    else if (options.length > maxOptions) errors.options = `A decision has at most ${maxOptions} options.`;
    else {
      for (const o of options) {
        const key = o.toLowerCase();
        if (key === '' || seen.has(key)) {
          errors.options = o === '' ? 'Fill in every option, or remove the empty one.' : `Options must be distinct; “${o}” comes twice.`;
          break;
        }
        if (characterCount(o) > maxOptionChars) {
          errors.options = `Keep each option to ${maxOptionChars} characters or fewer.`;
          break;
        }
        if (form.method === 'score' && /[,=]/.test(o)) {
          errors.options = `A score option cannot contain “,” or “=”; “${o}” does.`;
          break;
        }
        seen.add(key);
      }
    }
  }
  if (!Number.isInteger(form.quorum) || form.quorum < 0) errors.quorum = 'The quorum is a whole number of votes, 0 or more.';
  if (form.closes !== '' && form.closes < now) errors.closes = `The closing date ${form.closes} has already passed.`;
  return errors;
}

/** The proposal as sent: trimmed, with options only where the method has them. */
export function proposalToSend(form: ProposalForm): ProposalForm {
  return {
    title: form.title.trim(),
    description: form.description.trim(),
    method: form.method,
    options: usesOptions(form.method) ? form.options.map((o) => o.trim()) : [],
    closes: form.closes,
    quorum: form.quorum,
  };
}

export type VoteField = 'choice' | 'reason';
export const voteFields: readonly VoteField[] = ['choice', 'reason'];
export type VoteErrors = Partial<Record<VoteField | 'form', string>>;

/** "Lyon=4,Porto=2" for a score vote. */
export function scoreChoice(options: readonly string[], scores: Record<string, number | null | undefined>): string {
  return options.map((o) => `${o}=${scores[o]}`).join(',');
}

/** What is wrong with a vote; empty when it can be sent. */
export function checkVote(
  decision: Decision,
  choice: string,
  reason: string,
  scores: Record<string, number | null | undefined> = {},
): VoteErrors {
  const errors: VoteErrors = {};
  if (decision.method === 'score') {
    const bad = decision.options.find((o) => {
      const s = scores[o];
      return typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > maxScore;
    });
    if (bad !== undefined) errors.choice = `Give every option a score from 0 to ${maxScore}; “${bad}” has none.`;
  } else if (choice === '') {
    errors.choice = 'Choose your answer.';
  }
  if (needsReason.has(choice) && reason.trim() === '') {
    errors.reason =
      choice === 'advice' ? 'Write your advice.' : `Say why: a reason lets the others answer your ${choice === 'object' ? 'objection' : 'block'}.`;
  }
  return errors;
}

export type CloseField = 'outcome' | 'review' | 'validates';
export const closeFields: readonly CloseField[] = ['outcome', 'review', 'validates'];
export type CloseErrors = Partial<Record<CloseField | 'form', string>>;

export function checkOutcome(outcome: string): string | null {
  if (outcome.trim() === '') return 'Write the outcome: what was decided, and why.';
  const bytes = byteLength(outcome);
  if (bytes > maxOutcomeBytes) return `The outcome is ${formatNumber(bytes)} bytes long; keep it under ${formatNumber(maxOutcomeBytes)}.`;
  return null;
}

export function openDecisions(snapshot: Snapshot | null): Decision[] {
  return (snapshot?.decisions ?? []).filter((d) => !d.closed);
}

export function closedDecisions(snapshot: Snapshot | null): Decision[] {
  return (snapshot?.decisions ?? []).filter((d) => !!d.closed);
}

export function myVote(decision: Decision, me: string): Ballot | null {
  if (!me) return null;
  return decision.votes.find((v) => v.member === me) ?? null;
}

/** The label of an answer as people read it. */
export function choiceLabel(method: string, choice: string): string {
  return fixedChoices[method as Method]?.find((c) => c.value === choice)?.label ?? choice;
}

/** A ballot in words: "Object", "Lyon 4, Porto 2". */
export function ballotText(decision: Decision, ballot: Ballot): string {
  if (decision.method === 'score' && ballot.scores) {
    return decision.options.map((o) => `${o} ${ballot.scores?.[o] ?? '–'}`).join(', ');
  }
  return choiceLabel(decision.method, ballot.choice);
}

export interface TallyRow {
  label: string;
  /** A count of votes, or a score average. */
  value: number;
  /** The highest value the bar could reach. */
  max: number;
  text: string;
}

/** Where a decision stands, one row per answer or option. */
export function tallyRows(decision: Decision): TallyRow[] {
  const voters = decision.tally?.Voters ?? 0;
  if (decision.method === 'score') {
    const averages = decision.tally?.Averages ?? averagesOf(decision);
    return decision.options.map((o) => {
      const value = averages[o] ?? 0;
      const rounded = Math.round(value * 10) / 10;
      return { label: o, value: rounded, max: maxScore, text: voters === 0 ? 'no scores yet' : `average ${rounded} of ${maxScore}` };
    });
  }
  const counts = decision.tally?.Counts ?? {};
  const answers = fixedChoices[decision.method as Method]?.map((c) => ({ value: c.value, label: c.label })) ??
    decision.options.map((o) => ({ value: o, label: o }));
  return answers.map((a) => {
    const n = counts[a.value] ?? 0;
    return { label: a.label, value: n, max: Math.max(voters, 1), text: n === 1 ? '1 vote' : `${n} votes` };
  });
}

function averagesOf(decision: Decision): Record<string, number> {
  const ballots = decision.votes;
  const out: Record<string, number> = {};
  if (ballots.length === 0) return out;
  for (const o of decision.options) {
    out[o] = ballots.reduce((sum, b) => sum + (b.scores?.[o] ?? 0), 0) / ballots.length;
  }
  return out;
}

/** "Quorum met (3 of 3 votes)", "2 of the 5 votes needed are in", or "No quorum: every vote counts". */
export function quorumText(decision: Decision): string {
  const voters = decision.tally?.Voters ?? 0;
  const votes = voters === 1 ? '1 vote' : `${voters} votes`;
  if (decision.quorum <= 0) return `No quorum asked; ${votes} so far.`;
  if (decision.tally?.QuorumMet || voters >= decision.quorum) return `Quorum met: ${voters} of ${decision.quorum} votes.`;
  return `${voters} of ${decision.quorum} votes needed; ${decision.quorum - voters} more for the quorum.`;
}

/** "Validates the step “Analyse samples”", or "". */
export function validatesText(snapshot: Snapshot | null, closing: Closing | null): string {
  if (!closing) return '';
  if (closing.validatesStep) {
    const step = snapshot?.steps.find((s) => s.id === closing.validatesStep);
    return `Validates the step “${step?.title || closing.validatesStep}”.`;
  }
  if (closing.validatesPart) {
    const part = snapshot?.parts.find((p) => p.id === closing.validatesPart);
    return `Validates the part “${part?.title || closing.validatesPart}”.`;
  }
  return '';
}
