import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { areas, CairnError, decisions, type Decision } from '../api';
import Decisions from './Decisions.svelte';
import { workspaceStore } from '../stores/workspace.svelte';
import { today } from '../stores/decisions.svelte';
import { info, status } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { anaKey, boKey, meOf, snapshot } from '../test/snapshot';

function decision(extra: Partial<Decision>): Decision {
  return {
    id: 'd',
    title: 'A decision',
    description: '',
    method: 'consent',
    options: [],
    closes: '',
    quorum: 0,
    proposedBy: boKey,
    votes: [],
    tally: { Voters: 0, QuorumMet: true, Counts: {}, Objections: 0, Averages: null },
    closed: null,
    ...extra,
  };
}

const fixture: Decision[] = [
  decision({
    id: 'd1',
    title: 'Adopt the sampling method',
    description: 'The protocol in Methods.',
    method: 'consent',
    closes: '2099-05-01',
    quorum: 5,
    votes: [
      { member: boKey, choice: 'consent' },
      { member: 'c'.repeat(64), choice: 'consent' },
      { member: 'e'.repeat(64), choice: 'object', reason: 'Too long' },
    ],
    tally: { Voters: 3, QuorumMet: false, Counts: { consent: 2, object: 1 }, Objections: 1, Averages: null },
  }),
  decision({ id: 'd2', title: 'Meet monthly', method: 'consensus' }),
  decision({ id: 'd3', title: 'Pick a printer', method: 'advice' }),
  decision({
    id: 'd4',
    title: 'Where to meet',
    method: 'poll',
    options: ['Lyon', 'Porto'],
    quorum: 2,
    votes: [
      { member: anaKey, choice: 'Lyon' },
      { member: boKey, choice: 'Porto' },
    ],
    tally: { Voters: 2, QuorumMet: true, Counts: { Lyon: 1, Porto: 1 }, Objections: 0, Averages: null },
  }),
  decision({ id: 'd5', title: 'Rate the covers', method: 'score', options: ['A', 'B'] }),
  decision({
    id: 'd6',
    title: 'Use CC BY',
    closed: { outcome: 'We publish under CC BY 4.0.', by: anaKey, validatesStep: 's2' },
    tally: { Voters: 2, QuorumMet: true, Counts: { consent: 2 }, Objections: 0, Averages: null },
  }),
  decision({
    id: 'd7',
    title: 'Keep the intro',
    closed: { outcome: 'The intro stays.', by: anaKey, validatesPart: 'p1' },
  }),
];

beforeEach(() => {
  resetStores();
  vi.mocked(areas.snapshot).mockResolvedValue(snapshot({ decisions: fixture }));
  vi.mocked(decisions.propose).mockResolvedValue('d9');
  workspaceStore.status = status('ready', { info: { ...info, publicKey: anaKey } });
  vi.mocked(areas.me).mockImplementation(() => Promise.resolve(meOf(snapshot(), anaKey)));
});

async function renderPage() {
  const user = userEvent.setup();
  render(Decisions);
  await screen.findByRole('heading', { level: 2, name: 'Open decisions' });
  return user;
}

const card = (title: string) => screen.getByRole('article', { name: title });

describe('Decisions: proposing', () => {
  it('asks for a title, and sends nothing', async () => {
    const user = await renderPage();
    await user.click(screen.getByRole('button', { name: 'Propose' }));
    const title = screen.getByLabelText('Title');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Give the proposal a title.')).toBeTruthy();
    expect(document.activeElement).toBe(title);
    expect(decisions.propose).not.toHaveBeenCalled();
  });

  it('shows options only for poll and score, and a poll needs two', async () => {
    const user = await renderPage();
    expect(screen.queryByRole('group', { name: 'Options' })).toBeNull();
    await user.type(screen.getByLabelText('Title'), 'Where to print');
    await user.click(screen.getByRole('radio', { name: 'Poll' }));
    const options = screen.getByRole('group', { name: 'Options' });
    await user.type(within(options).getByLabelText('Option 1'), 'Lyon');
    await user.click(within(options).getByRole('button', { name: 'Remove option 2' }));
    await user.click(screen.getByRole('button', { name: 'Propose' }));
    expect(screen.getByText('A poll needs at least two options.')).toBeTruthy();
    expect(decisions.propose).not.toHaveBeenCalled();

    await user.click(within(options).getByRole('button', { name: 'Add option' }));
    await user.type(within(options).getByLabelText('Option 2'), 'lyon ');
    await user.click(screen.getByRole('button', { name: 'Propose' }));
    expect(screen.getByText(/Options must be distinct/)).toBeTruthy();
    expect(decisions.propose).not.toHaveBeenCalled();

    await user.clear(within(options).getByLabelText('Option 2'));
    await user.type(within(options).getByLabelText('Option 2'), 'Porto');
    await user.click(within(options).getByRole('button', { name: 'Add option' }));
    await user.type(within(options).getByLabelText('Option 3'), 'Ghent');
    await user.clear(screen.getByLabelText('Quorum'));
    await user.type(screen.getByLabelText('Quorum'), '3');
    await user.click(screen.getByRole('button', { name: 'Propose' }));
    expect(decisions.propose).toHaveBeenCalledWith({
      title: 'Where to print',
      description: '',
      method: 'poll',
      options: ['Lyon', 'Porto', 'Ghent'],
      closes: '',
      quorum: 3,
    });
    expect(screen.getByText('“Where to print” is proposed. Members can vote now.')).toBeTruthy();
  });

  it('sends a consent proposal without options, with its closing date', async () => {
    const user = await renderPage();
    await user.type(screen.getByLabelText('Title'), 'Publish in June');
    await user.type(screen.getByLabelText('Description (optional)'), 'Once Methods is validated.');
    // Options typed for a poll are dropped when the method changes back.
    await user.click(screen.getByRole('radio', { name: 'Poll' }));
    await user.type(screen.getByLabelText('Option 1'), 'x');
    const form = screen.getByRole('form', { name: 'Propose a decision' });
    await user.click(within(form).getByRole('radio', { name: 'Consent' }));
    await user.type(screen.getByLabelText('Closes on (optional)'), '2099-06-30');
    await user.click(screen.getByRole('button', { name: 'Propose' }));
    expect(decisions.propose).toHaveBeenCalledWith({
      title: 'Publish in June',
      description: 'Once Methods is validated.',
      method: 'consent',
      options: [],
      closes: '2099-06-30',
      quorum: 0,
    });
  });

  it('refuses a closing date in the past and a negative quorum', async () => {
    const user = await renderPage();
    await user.type(screen.getByLabelText('Title'), 'Late');
    await user.type(screen.getByLabelText('Closes on (optional)'), '2001-01-01');
    await user.clear(screen.getByLabelText('Quorum'));
    await user.type(screen.getByLabelText('Quorum'), '-1');
    await user.click(screen.getByRole('button', { name: 'Propose' }));
    expect(screen.getByText('The closing date 2001-01-01 has already passed.')).toBeTruthy();
    expect(screen.getByText('The quorum is a whole number of votes, 0 or more.')).toBeTruthy();
    expect(decisions.propose).not.toHaveBeenCalled();
    expect(today() > '2001-01-01').toBe(true);
  });

  it('explains each method in a line', async () => {
    await renderPage();
    const radio = screen.getByRole('radio', { name: 'Score' });
    const hint = document.getElementById(radio.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toBe('Each member scores every option from 0 to 5.');
  });

  it('puts a refusal from Cairn next to its field', async () => {
    vi.mocked(decisions.propose).mockRejectedValueOnce(new CairnError('invalid', 'closes', 'That is not a date.'));
    const user = await renderPage();
    await user.type(screen.getByLabelText('Title'), 'Anything');
    await user.click(screen.getByRole('button', { name: 'Propose' }));
    const closes = screen.getByLabelText('Closes on (optional)');
    expect(closes.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('That is not a date.')).toBeTruthy();
  });
});

describe('Decisions: the open ones', () => {
  it('shows method, closing date, quorum and the live tally', async () => {
    await renderPage();
    const d1 = card('Adopt the sampling method');
    expect(d1.textContent).toContain('Consent');
    expect(d1.textContent).toContain('2099-05-01');
    expect(d1.textContent).toContain('5 votes');
    const tally = within(d1).getByRole('table', { name: 'Votes so far' });
    const rows = within(tally)
      .getAllByRole('row')
      .map((r) => r.textContent);
    expect(rows).toEqual(['Consent2 votes', 'Object1 vote']);
    const bar = within(tally).getByRole('progressbar', { name: 'Consent: 2 votes' });
    expect(bar.getAttribute('aria-valuenow')).toBe('2');
    expect(bar.getAttribute('aria-valuemax')).toBe('3');
    expect(d1.textContent).toContain('3 of 5 votes needed; 2 more for the quorum.');
    expect(d1.textContent).toContain('1 objection');

    expect(card('Where to meet').textContent).toContain('Quorum met: 2 of 2 votes.');
    expect(card('Where to meet').textContent).toContain('You voted: Lyon');
    expect(d1.textContent).toContain('You have not voted yet.');
  });

  it('consent: an objection needs a reason', async () => {
    const user = await renderPage();
    const d1 = card('Adopt the sampling method');
    await user.click(within(d1).getByRole('radio', { name: 'Object' }));
    await user.click(within(d1).getByRole('button', { name: 'Vote' }));
    expect(within(d1).getByText(/a reason lets the others answer your objection/)).toBeTruthy();
    expect(decisions.vote).not.toHaveBeenCalled();

    await user.type(within(d1).getByLabelText(/^Reason/), 'Too long for volunteers');
    await user.click(within(d1).getByRole('button', { name: 'Vote' }));
    expect(decisions.vote).toHaveBeenCalledWith('d1', 'object', 'Too long for volunteers');
    expect(within(d1).getByText('Your vote is counted.')).toBeTruthy();
  });

  it('consensus: four answers, a block needs a reason', async () => {
    const user = await renderPage();
    const d2 = card('Meet monthly');
    expect(
      within(d2)
        .getAllByRole('radio')
        .map((r) => (r as HTMLInputElement).value),
    ).toEqual(['agree', 'abstain', 'disagree', 'block']);
    await user.click(within(d2).getByRole('button', { name: 'Vote' }));
    expect(within(d2).getByText('Choose your answer.')).toBeTruthy();
    await user.click(within(d2).getByRole('radio', { name: 'Block' }));
    await user.click(within(d2).getByRole('button', { name: 'Vote' }));
    expect(within(d2).getByText(/answer your block/)).toBeTruthy();
    await user.click(within(d2).getByRole('radio', { name: 'Abstain' }));
    await user.click(within(d2).getByRole('button', { name: 'Vote' }));
    expect(decisions.vote).toHaveBeenCalledWith('d2', 'abstain', '');
  });

  it('advice: the advice is the vote', async () => {
    const user = await renderPage();
    const d3 = card('Pick a printer');
    expect(within(d3).queryAllByRole('radio')).toHaveLength(0);
    await user.click(within(d3).getByRole('button', { name: 'Vote' }));
    expect(within(d3).getByText('Write your advice.')).toBeTruthy();
    expect(decisions.vote).not.toHaveBeenCalled();
    await user.type(within(d3).getByLabelText(/^Your advice/), 'The local one');
    await user.click(within(d3).getByRole('button', { name: 'Vote' }));
    expect(decisions.vote).toHaveBeenCalledWith('d3', 'advice', 'The local one');
  });

  it('poll: voting again changes the vote', async () => {
    vi.mocked(decisions.vote).mockResolvedValueOnce(true);
    const user = await renderPage();
    const d4 = card('Where to meet');
    expect((within(d4).getByRole('radio', { name: 'Lyon' }) as HTMLInputElement).checked).toBe(true);
    await user.click(within(d4).getByRole('radio', { name: 'Porto' }));
    await user.click(within(d4).getByRole('button', { name: 'Change vote' }));
    expect(decisions.vote).toHaveBeenCalledWith('d4', 'Porto', '');
    expect(within(d4).getByText('Your vote is changed.')).toBeTruthy();
  });

  it('score: every option 0 to 5, sent as "A=3,B=5"', async () => {
    const user = await renderPage();
    const d5 = card('Rate the covers');
    await user.type(within(d5).getByLabelText('A'), '3');
    await user.click(within(d5).getByRole('button', { name: 'Vote' }));
    expect(within(d5).getByText(/“B” has none/)).toBeTruthy();
    await user.type(within(d5).getByLabelText('B'), '7');
    await user.click(within(d5).getByRole('button', { name: 'Vote' }));
    expect(decisions.vote).not.toHaveBeenCalled();
    await user.clear(within(d5).getByLabelText('B'));
    await user.type(within(d5).getByLabelText('B'), '5');
    await user.click(within(d5).getByRole('button', { name: 'Vote' }));
    expect(decisions.vote).toHaveBeenCalledWith('d5', 'A=3,B=5', '');
  });

  it('shows a vote refused by Cairn next to the choice', async () => {
    vi.mocked(decisions.vote).mockRejectedValueOnce(new CairnError('invalid', 'choice', '"Rome" is not one of the options.'));
    const user = await renderPage();
    const d4 = card('Where to meet');
    await user.click(within(d4).getByRole('button', { name: 'Change vote' }));
    expect(within(d4).getByText('"Rome" is not one of the options.')).toBeTruthy();
  });
});

describe('Decisions: closing', () => {
  it('closes with an outcome, a review date and what it validates', async () => {
    const user = await renderPage();
    const d4 = card('Where to meet');
    await user.click(within(d4).getByRole('button', { name: 'Close decision' }));
    expect(within(d4).getByText('Write the outcome: what was decided, and why.')).toBeTruthy();
    expect(decisions.close).not.toHaveBeenCalled();

    await user.type(within(d4).getByLabelText(/^Outcome/), 'We meet in Porto.');
    await user.type(within(d4).getByLabelText('Review on (optional)'), '2099-01-15');
    await user.selectOptions(within(d4).getByLabelText('Validates (optional)'), 'Analyse samples');
    await user.click(within(d4).getByRole('button', { name: 'Close decision' }));
    expect(decisions.close).toHaveBeenCalledWith('d4', { outcome: 'We meet in Porto.', review: '2099-01-15', validates: 's2' });
  });

  it('shows a refusal inline', async () => {
    vi.mocked(decisions.close).mockRejectedValueOnce(
      new CairnError('invalid', 'validates', 'Only 3 of the 5 votes the quorum asks for came in, so this outcome cannot validate anything.'),
    );
    vi.mocked(decisions.close).mockRejectedValueOnce(new CairnError('unauthorized', '', 'Only coordinators can close decisions.'));
    const user = await renderPage();
    const d1 = card('Adopt the sampling method');
    await user.type(within(d1).getByLabelText(/^Outcome/), 'Adopted.');
    await user.selectOptions(within(d1).getByLabelText('Validates (optional)'), 'Methods');
    await user.click(within(d1).getByRole('button', { name: 'Close decision' }));
    expect(decisions.close).toHaveBeenCalledWith('d1', { outcome: 'Adopted.', review: '', validates: 'p2' });
    const select = within(d1).getByLabelText('Validates (optional)');
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(select.getAttribute('aria-describedby')!)?.textContent).toContain('Only 3 of the 5 votes');

    await user.click(within(d1).getByRole('button', { name: 'Close decision' }));
    expect(within(d1).getByRole('alert').textContent).toContain('Only coordinators can close decisions.');
  });

  it('is offered to coordinators only', async () => {
    workspaceStore.status = status('ready', { info: { ...info, publicKey: boKey } });
    vi.mocked(areas.me).mockImplementation(() => Promise.resolve(meOf(snapshot(), boKey)));
    await renderPage();
    expect(screen.queryByRole('button', { name: 'Close decision' })).toBeNull();
    // Bo's own vote is his, not someone else's.
    expect(card('Adopt the sampling method').textContent).toContain('You voted: Consent');
  });
});

describe('Decisions: archive', () => {
  it('lists the closed ones with their outcome and what they validated', async () => {
    await renderPage();
    const archive = screen.getByRole('region', { name: 'Archive' });
    const items = within(archive).getAllByRole('article');
    expect(items.map((a) => within(a).getByRole('heading').textContent)).toEqual(['Use CC BY', 'Keep the intro']);
    expect(items[0].textContent).toContain('We publish under CC BY 4.0.');
    expect(items[0].textContent).toContain('Validates the step “Analyse samples”.');
    expect(items[0].textContent).toContain('closed by Ana');
    expect(items[1].textContent).toContain('Validates the part “Why rivers”.');
    // Closed ones are not open.
    const open = screen.getByRole('region', { name: 'Open decisions' });
    expect(within(open).queryByRole('article', { name: 'Use CC BY' })).toBeNull();
  });
});
