import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { areas, CairnError, contributions, deliverable, type Contribution, type ContributionKind } from '../api';
import Contributions from './Contributions.svelte';
import { workspaceStore } from '../stores/workspace.svelte';
import { contributionsStore } from '../stores/contributions.svelte';
import { info, status } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { anaKey, boKey, meOf, snapshot } from '../test/snapshot';

const kinds: ContributionKind[] = [
  { key: 'code', label: 'Code', emoji: '💻', credit: false },
  { key: 'research', label: 'Research', emoji: '🔬', credit: false },
  { key: 'translation', label: 'Translation', emoji: '🌍', credit: false },
  { key: 'conceptualization', label: 'Conceptualization', emoji: '', credit: true },
  { key: 'methodology', label: 'Methodology', emoji: '', credit: true },
  { key: 'software', label: 'Software', emoji: '', credit: true },
];

const items: Contribution[] = [
  { id: 'c1', member: boKey, type: 'research', part: 'p2', step: 's2', note: 'Sampled three estuaries', status: 'submitted' },
  { id: 'c2', member: anaKey, type: 'code', note: 'The map script', status: 'submitted' },
  { id: 'c3', member: anaKey, type: 'methodology', part: 'p2', note: 'Wrote the protocol', status: 'accepted', reviewedBy: boKey },
  {
    id: 'c4',
    member: anaKey,
    type: 'translation',
    note: 'Portuguese draft',
    status: 'returned',
    reviewNote: 'Half of it is missing.',
    reviewedBy: boKey,
  },
  { id: 'c5', member: boKey, type: 'code', note: 'Already accepted', status: 'accepted', reviewedBy: anaKey },
];

beforeEach(() => {
  resetStores();
  contributionsStore.reset();
  vi.mocked(areas.snapshot).mockResolvedValue(snapshot({ contributions: items }));
  vi.mocked(contributions.kinds).mockResolvedValue(kinds);
  vi.mocked(contributions.credits).mockResolvedValue([]);
  vi.mocked(contributions.log).mockResolvedValue('c9');
  workspaceStore.status = status('ready', { info: { ...info, publicKey: anaKey } });
  vi.mocked(areas.me).mockImplementation(() => Promise.resolve(meOf(snapshot(), anaKey)));
});

async function renderPage() {
  const user = userEvent.setup();
  render(Contributions);
  await screen.findByRole('heading', { level: 2, name: 'Log a contribution' });
  await screen.findByRole('radio', { name: /Code/ });
  return user;
}

describe('Contributions: logging', () => {
  it('groups the types and filters them as you type', async () => {
    const user = await renderPage();
    const groups = screen.getAllByRole('radiogroup');
    expect(groups.map((g) => g.getAttribute('aria-labelledby') && document.getElementById(g.getAttribute('aria-labelledby')!)?.textContent)).toEqual([
      'all-contributors',
      'CRediT roles',
    ]);
    // The emoji is shown, not read out.
    expect(within(groups[0]).getByRole('radio', { name: 'Code' }).closest('label')?.textContent).toContain('💻');
    expect(within(groups[1]).getByRole('radio', { name: 'Methodology' })).toBeTruthy();

    await user.type(screen.getByLabelText('Find a type'), 'meth');
    expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual(['methodology']);
    expect(screen.getAllByRole('radiogroup')).toHaveLength(1);

    await user.clear(screen.getByLabelText('Find a type'));
    await user.type(screen.getByLabelText('Find a type'), 'zzz');
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
    expect(screen.getByText('No type matches “zzz”.')).toBeTruthy();
  });

  it('refuses an empty note (and no type) without calling the API', async () => {
    const user = await renderPage();
    await user.click(screen.getByRole('button', { name: 'Log contribution' }));
    expect(screen.getByText('Choose what kind of contribution this is.')).toBeTruthy();
    expect(screen.getByText('Say in a few words what you did.')).toBeTruthy();
    expect(screen.getByLabelText('Note').getAttribute('aria-invalid')).toBe('true');

    await user.click(screen.getByRole('radio', { name: 'Code' }));
    await user.type(screen.getByLabelText('Note'), '   ');
    await user.click(screen.getByRole('button', { name: 'Log contribution' }));
    expect(screen.queryByText('Choose what kind of contribution this is.')).toBeNull();
    expect(screen.getByText('Say in a few words what you did.')).toBeTruthy();
    expect(contributions.log).not.toHaveBeenCalled();
  });

  it('refuses a note over 4000 bytes', async () => {
    const user = await renderPage();
    await user.click(screen.getByRole('radio', { name: 'Code' }));
    const note = screen.getByLabelText('Note') as HTMLTextAreaElement;
    await user.click(note);
    await user.paste('é'.repeat(2001));
    await user.click(screen.getByRole('button', { name: 'Log contribution' }));
    expect(screen.getByText(/4,002 bytes long/)).toBeTruthy();
    expect(contributions.log).not.toHaveBeenCalled();
  });

  it('sends the type, part, step and note, and says so', async () => {
    const user = await renderPage();
    await user.type(screen.getByLabelText('Find a type'), 'research');
    await user.click(screen.getByRole('radio', { name: 'Research' }));
    await user.selectOptions(screen.getByLabelText('Part (optional)'), 'Methods');
    await user.selectOptions(screen.getByLabelText('Step (optional)'), 'Analyse samples');
    await user.type(screen.getByLabelText('Note'), '  Checked the samples  ');
    await user.click(screen.getByRole('button', { name: 'Log contribution' }));
    expect(contributions.log).toHaveBeenCalledWith({ type: 'research', part: 'p2', step: 's2', note: 'Checked the samples' });
    expect(screen.getByText('Contribution logged (🔬 Research). A validator will review it.')).toBeTruthy();
    expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('');
  });

  it('puts a refusal about a field next to it', async () => {
    vi.mocked(contributions.log).mockRejectedValueOnce(new CairnError('invalid', 'part', 'No part is called that.'));
    const user = await renderPage();
    await user.click(screen.getByRole('radio', { name: 'Code' }));
    await user.type(screen.getByLabelText('Note'), 'Did it');
    await user.click(screen.getByRole('button', { name: 'Log contribution' }));
    const part = screen.getByLabelText('Part (optional)');
    expect(part.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(part.getAttribute('aria-describedby')!)?.textContent).toBe('No part is called that.');
  });
});

describe('Contributions: review inbox', () => {
  it('lists the submitted contributions of others, with author, type, links and note', async () => {
    await renderPage();
    const inbox = screen.getByRole('region', { name: 'To review' });
    const articles = within(inbox).getAllByRole('article');
    expect(articles).toHaveLength(1);
    const item = articles[0];
    expect(within(item).getByRole('heading', { name: '🔬 Research by Bo' })).toBeTruthy();
    expect(item.textContent).toContain('Part: Methods · Step: Analyse samples');
    expect(item.textContent).toContain('Sampled three estuaries');
  });

  it('shows the change the contribution points at: its author’s latest revision of the part', async () => {
    vi.mocked(deliverable.history).mockResolvedValue([
      { id: 'r1', parents: [], author: anaKey, at: '2026-11-20T10:00:00Z', text: 'Sample weekly.\n' },
      { id: 'r2', parents: ['r1'], author: boKey, at: '2026-11-21T10:00:00Z', text: 'Sample weekly.\nUse clean bottles.\n' },
      { id: 'r3', parents: ['r2'], author: anaKey, at: '2026-11-22T10:00:00Z', text: 'Sample weekly.\nUse clean bottles.\nLabel them.\n' },
    ]);
    const user = await renderPage();
    const item = within(screen.getByRole('region', { name: 'To review' })).getByRole('article');
    await user.click(within(item).getByRole('button', { name: 'Show the change in the part' }));
    expect(deliverable.history).toHaveBeenCalledWith('p2');
    const text = (await within(item).findByText(/Use clean bottles/)).closest('ins, [class*="added"], li, div')?.textContent ?? '';
    expect(text).toContain('Use clean bottles.');
    expect(item.textContent).not.toContain('Label them.');
  });

  it('accepts', async () => {
    const user = await renderPage();
    const item = within(screen.getByRole('region', { name: 'To review' })).getByRole('article');
    await user.click(within(item).getByRole('button', { name: 'Accept' }));
    expect(contributions.review).toHaveBeenCalledWith('c1', true, '');
    expect(within(item).getByText('Accepted.')).toBeTruthy();
  });

  it('returns only with a comment, asked for inline', async () => {
    const user = await renderPage();
    const item = within(screen.getByRole('region', { name: 'To review' })).getByRole('article');
    await user.click(within(item).getByRole('button', { name: 'Return' }));
    expect(contributions.review).not.toHaveBeenCalled();
    const comment = within(item).getByLabelText(/^Comment/);
    expect(comment.getAttribute('aria-invalid')).toBe('true');
    expect(within(item).getByText('Say why you return it, so its author knows what to change.')).toBeTruthy();
    expect(document.activeElement).toBe(comment);

    await user.type(comment, 'Add the dates');
    await user.click(within(item).getByRole('button', { name: 'Return' }));
    expect(contributions.review).toHaveBeenCalledWith('c1', false, 'Add the dates');
  });

  it('is not shown to members who cannot validate', async () => {
    const s = snapshot({ contributions: items });
    s.members[0].permissions = ['contribute'];
    vi.mocked(areas.snapshot).mockResolvedValue(s);
    vi.mocked(areas.me).mockImplementation(() => Promise.resolve(meOf(s, anaKey)));
    await renderPage();
    expect(screen.queryByRole('region', { name: 'To review' })).toBeNull();
  });
});

describe('Contributions: mine', () => {
  it('shows each of mine with its outcome and the reviewer’s note', async () => {
    await renderPage();
    const mine = screen.getByRole('region', { name: 'My contributions' });
    const rows = within(mine).getAllByRole('listitem');
    expect(rows).toHaveLength(3);
    expect(rows[0].textContent).toContain('💻 Code');
    expect(rows[0].textContent).toContain('Waiting for review');
    expect(rows[1].textContent).toContain('Methodology');
    expect(rows[1].textContent).toContain('Accepted');
    expect(rows[2].textContent).toContain('Returned');
    expect(rows[2].textContent).toContain('Bo:');
    expect(rows[2].textContent).toContain('Half of it is missing.');
    expect(mine.textContent).not.toContain('Sampled three estuaries');
  });
});

describe('Contributions: credits', () => {
  it('shows the table of all-contributors types and the CRediT statement', async () => {
    vi.mocked(contributions.credits).mockResolvedValue([
      { member: anaKey, name: 'Ana', kinds: ['methodology', 'code', 'conceptualization'] },
      { member: boKey, name: 'Bo', kinds: ['research', 'translation'] },
      { member: 'c'.repeat(64), name: 'Cleo', kinds: ['software'] },
    ]);
    await renderPage();
    const table = await screen.findByRole('table', { name: 'Contributors' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual(['Ana💻 Code', 'Bo🔬 Research, 🌍 Translation']);
    expect(document.getElementById('credit-statement')?.textContent).toBe(
      'Ana: Conceptualization, Methodology. Cleo: Software.',
    );
  });

  it('says when nothing is credited yet', async () => {
    await renderPage();
    expect(screen.getByText(/No accepted contributions yet/)).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
