import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));
// happy-dom cannot lay out CodeMirror: the page is driven through a plain textarea.
vi.mock('../components/deliverable/Editor.svelte', () => import('../components/deliverable/EditorStub.svelte'));

import { areas, CairnError, deliverable, type Info, type Part, type PartView, type Snapshot } from '../api';
import Deliverable from './Deliverable.svelte';
import { anaKey, boKey, partMay, snapshot } from '../test/snapshot';
import { resetStores } from '../test/reset';
import { readyStatus, workspaceStore } from '../stores/workspace.svelte';
import { deliverableStore } from '../stores/deliverable.svelte';

function info(key: string): Info {
  return { workspaceId: 'w', workspaceName: 'River Guide', memberName: '', publicKey: key, keyFingerprint: '', replicaId: 'r1', createdAt: '', dataDir: '/d' };
}

let state: Snapshot;
let views: Record<string, Partial<PartView>>;

beforeEach(() => {
  resetStores();
  deliverableStore.reset();
  state = snapshot();
  views = {};
  workspaceStore.status = readyStatus(info(anaKey));
  vi.mocked(areas.snapshot).mockImplementation(() => Promise.resolve(structuredClone(state)));
  vi.mocked(deliverable.part).mockImplementation((id) => {
    const part = state.parts.find((p) => p.id === id) as Part;
    const may = partMay(part, workspaceStore.status?.info?.publicKey ?? '');
    return Promise.resolve({ ...part, may, revisions: [], suggestions: [], comments: [], conflict: null, ...views[id] });
  });
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderPage() {
  const result = render(Deliverable);
  await screen.findByRole('button', { name: 'Why rivers' });
  return result;
}

function item(title: string): HTMLElement {
  return screen.getByRole('listitem', { name: title });
}

async function openPart(title: string) {
  await userEvent.click(screen.getByRole('button', { name: title }));
  await screen.findByRole('heading', { level: 2, name: title });
}

describe('Deliverable parts list', () => {
  it('lists the parts in order with kind, mode, owner, writers, state and steps', async () => {
    state.parts[1].conflicted = true;
    state.parts[0].validated = 'd1';
    await renderPage();
    const list = screen.getByRole('list', { name: 'Parts' });
    expect(within(list).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Why rivers', 'Methods']);
    const why = item('Why rivers');
    expect(why.textContent).toContain('Synthesise');
    expect(why.textContent).toContain('Cooperation');
    expect(why.textContent).toContain('Ana');
    expect(within(why).getByText('Validated')).toBeTruthy();
    expect(within(why).queryByText('In conflict')).toBeNull();
    const methods = item('Methods');
    expect(methods.textContent).toContain('Collaboration');
    expect(within(methods).getByText('Writers').nextElementSibling?.textContent).toBe('Bo');
    expect(within(methods).getByText('Steps').nextElementSibling?.textContent).toBe('Analyse samples');
    expect(within(methods).getByText('In conflict')).toBeTruthy();
  });

  it('moves a part with the keyboard before the right neighbour', async () => {
    state.parts.push({ ...state.parts[1], id: 'p3', title: 'Sources', position: 'z' });
    const user = userEvent.setup();
    await renderPage();
    expect(screen.getByRole('button', { name: 'Move Why rivers up' }).hasAttribute('disabled')).toBe(true);

    screen.getByRole('button', { name: 'Move Why rivers down' }).focus();
    await user.keyboard('{Enter}');
    expect(deliverable.movePart).toHaveBeenLastCalledWith('p1', 'p3');

    await user.click(screen.getByRole('button', { name: 'Move Sources up' }));
    expect(deliverable.movePart).toHaveBeenLastCalledWith('p3', 'p2');

    await user.click(screen.getByRole('button', { name: 'Move Methods down' }));
    expect(deliverable.movePart).toHaveBeenLastCalledWith('p2', '');
  });

  it('moves a part by dragging it onto another', async () => {
    await renderPage();
    await fireEvent.dragStart(item('Methods'));
    await fireEvent.dragOver(item('Why rivers'));
    await fireEvent.drop(item('Why rivers'));
    expect(deliverable.movePart).toHaveBeenCalledWith('p2', 'p1');
  });

  it('checks the title of a new part, then adds it', async () => {
    vi.mocked(deliverable.addPart).mockResolvedValue('p3');
    const user = userEvent.setup();
    await renderPage();
    const add = screen.getByRole('button', { name: 'Add the part' });
    await user.click(add);
    expect(screen.getByText('Give the part a title.')).toBeTruthy();
    expect(deliverable.addPart).not.toHaveBeenCalled();

    const title = screen.getByLabelText('Title');
    await user.click(title);
    await user.paste('x'.repeat(201));
    await user.click(add);
    expect(screen.getByText(/201 characters long/)).toBeTruthy();
    expect(deliverable.addPart).not.toHaveBeenCalled();

    await user.clear(title);
    await user.type(title, 'Sources');
    await user.type(screen.getByLabelText('Brief', { selector: '#part-brief' }), 'Where it comes from');
    await user.selectOptions(screen.getByLabelText('Kind', { selector: '#part-kind' }), 'curate');
    await user.click(add);
    expect(deliverable.addPart).toHaveBeenCalledWith({
      title: 'Sources',
      brief: 'Where it comes from',
      kind: 'curate',
      mode: 'cooperation',
      owner: anaKey,
      writers: [],
    });
  });

  it('shows a refusal to add next to its field', async () => {
    vi.mocked(deliverable.addPart).mockRejectedValue(new CairnError('invalid', 'title', 'A part has this title already.'));
    const user = userEvent.setup();
    await renderPage();
    await user.type(screen.getByLabelText('Title'), 'Methods');
    await user.click(screen.getByRole('button', { name: 'Add the part' }));
    expect(await screen.findByText('A part has this title already.')).toBeTruthy();
  });

  it('previews the whole deliverable in order', async () => {
    const user = userEvent.setup();
    await renderPage();
    await user.click(screen.getByRole('button', { name: 'Preview the whole deliverable' }));
    const region = await screen.findByRole('region', { name: 'The whole deliverable, rendered' });
    expect(deliverable.preview).toHaveBeenCalledWith('## Why rivers\n\nRivers carry stories.\n\n## Methods\n\n\n');
    expect(region.querySelector('p')?.textContent).toContain('## Why rivers');
  });
});

describe('Writing a part', () => {
  it('autosaves what is typed and shows the refusal', async () => {
    vi.mocked(deliverable.write).mockRejectedValue(
      new CairnError('unauthorized', '', "in cooperation mode only the part's owner writes it; others suggest a change"),
    );
    await renderPage();
    await openPart('Why rivers');
    const editor = screen.getByLabelText(/Text of Why rivers/) as HTMLTextAreaElement;
    expect(editor.value).toBe('Rivers carry stories.\n');
    await fireEvent.input(editor, { target: { value: 'Rivers carry songs.' } });
    expect(screen.getByText('Changes not saved yet.')).toBeTruthy();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('only the part\'s owner writes it');
    expect(deliverable.write).toHaveBeenCalledExactlyOnceWith('p1', 'Rivers carry songs.');
    expect(editor.value).toBe('Rivers carry songs.');
  });

  it('shows Saved after the autosave and renders a live preview', async () => {
    await renderPage();
    await openPart('Why rivers');
    const editor = screen.getByLabelText(/Text of Why rivers/);
    await fireEvent.input(editor, { target: { value: '# Rivers' } });
    await waitFor(() => expect(screen.getByText('Saved')).toBeTruthy());
    expect(deliverable.write).toHaveBeenCalledWith('p1', '# Rivers');
    await waitFor(() => expect(deliverable.preview).toHaveBeenCalledWith('# Rivers'));
  });

  it('gives someone who is not the owner of a cooperation part a suggestion composer', async () => {
    workspaceStore.status = readyStatus(info(boKey));
    const user = userEvent.setup();
    await renderPage();
    await openPart('Why rivers');
    expect(screen.queryByLabelText(/Text of Why rivers/)).toBeNull();
    const text = screen.getByLabelText(/Your suggested text/);
    await fireEvent.input(text, { target: { value: 'Rivers carry stories and songs.\n' } });
    await user.type(screen.getByLabelText('Note for the owner'), 'Songs too');
    await user.click(screen.getByRole('button', { name: 'Send suggestion' }));
    expect(deliverable.suggest).toHaveBeenCalledWith('p1', 'Rivers carry stories and songs.\n', 'Songs too');
    expect(await screen.findByText('Suggestion sent to the owner.')).toBeTruthy();
    expect(deliverable.write).not.toHaveBeenCalled();
  });

  it('shows both sides of a conflict and resolves with the chosen text', async () => {
    state.parts[0].conflicted = true;
    views.p1 = {
      conflict: {
        base: 'Rivers carry stories.\n',
        sides: [
          { revision: 'r1', author: anaKey, text: 'Rivers carry old stories.\n' },
          { revision: 'r2', author: boKey, text: 'Rivers carry new stories.\n' },
        ],
      },
    };
    const user = userEvent.setup();
    await renderPage();
    expect(within(item('Why rivers')).getByText('In conflict')).toBeTruthy();
    await openPart('Why rivers');
    const one = await screen.findByRole('article', { name: 'Version 1, by Ana' });
    const two = screen.getByRole('article', { name: 'Version 2, by Bo' });
    expect(one.textContent).toContain('Rivers carry old stories.');
    expect(two.textContent).toContain('Rivers carry new stories.');
    expect(screen.getByText('Common ancestor: the text both versions started from').parentElement?.textContent).toContain(
      'Rivers carry stories.',
    );
    expect(screen.queryByLabelText(/Text of Why rivers/)).toBeNull();

    await user.click(within(two).getByRole('button', { name: /Use this text/ }));
    expect((screen.getByLabelText('Combined text') as HTMLTextAreaElement).value).toBe('Rivers carry new stories.\n');
    await user.click(screen.getByRole('button', { name: 'Resolve' }));
    expect(deliverable.resolve).toHaveBeenCalledWith('p1', 'Rivers carry new stories.\n');
  });
});

describe('Revisions, suggestions and comments', () => {
  it('shows what a revision added and removed, and restores it', async () => {
    vi.mocked(deliverable.history).mockResolvedValue([
      { id: 'r1', parents: [], author: anaKey, at: '2026-11-02T10:00:00Z', text: 'Rivers\ncarry stories.\n' },
      { id: 'r2', parents: ['r1'], author: boKey, at: '2026-11-03T10:00:00Z', text: 'Rivers\ncarry songs.\n' },
    ]);
    const user = userEvent.setup();
    await renderPage();
    await openPart('Why rivers');
    const revisions = await screen.findByRole('list', { name: 'Revisions, newest first' });
    const buttons = within(revisions).getAllByRole('button');
    expect(buttons[0].textContent).toContain('Bo');
    expect(buttons[1].textContent).toContain('Ana');
    await user.click(buttons[0]);
    const diff = screen.getByRole('list', { name: /Changes by Bo/ });
    expect([...diff.querySelectorAll('ins')].map((e) => e.textContent)).toEqual(['+Added: carry songs.']);
    expect([...diff.querySelectorAll('del')].map((e) => e.textContent)).toEqual(['−Removed: carry stories.']);
    expect(diff.textContent).toContain('Rivers');

    await user.click(screen.getByRole('button', { name: 'Restore this revision' }));
    expect(deliverable.restore).toHaveBeenCalledWith('p1', 'r2');
  });

  it('lets the owner accept or decline a suggestion, with a note', async () => {
    views.p1 = {
      suggestions: [
        { id: 'sg1', part: 'p1', author: boKey, text: 'Rivers carry songs.\n', note: 'Songs', parents: [], status: 'open' },
        { id: 'sg2', part: 'p1', author: boKey, text: 'Streams.\n', note: '', parents: [], status: 'open' },
        { id: 'sg3', part: 'p1', author: boKey, text: 'Old.\n', note: '', parents: [], status: 'declined' },
      ],
    };
    const user = userEvent.setup();
    await renderPage();
    await openPart('Why rivers');
    const items = await screen.findAllByRole('listitem', { name: 'Suggestion by Bo' });
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain('Songs');
    expect(items[0].querySelector('ins')?.textContent).toContain('Rivers carry songs.');
    expect(items[0].querySelector('del')?.textContent).toContain('Rivers carry stories.');

    await user.click(within(items[0]).getByRole('button', { name: 'Accept' }));
    expect(deliverable.accept).toHaveBeenCalledWith('sg1');

    await user.click(within(items[1]).getByRole('button', { name: 'Decline' }));
    await user.type(within(items[1]).getByLabelText('Why decline? (optional)'), 'Too short');
    await user.click(within(items[1]).getByRole('button', { name: 'Decline the suggestion' }));
    expect(deliverable.decline).toHaveBeenCalledWith('sg2', 'Too short');
  });

  it('does not let others accept suggestions', async () => {
    workspaceStore.status = readyStatus(info(boKey));
    views.p1 = { suggestions: [{ id: 'sg1', part: 'p1', author: boKey, text: 'x', note: '', parents: [], status: 'open' }] };
    await renderPage();
    await openPart('Why rivers');
    const s = await screen.findByRole('listitem', { name: 'Suggestion by Bo' });
    expect(within(s).queryByRole('button', { name: 'Accept' })).toBeNull();
  });

  it('lists the comments and adds one', async () => {
    views.p1 = { comments: [{ id: 'c1', author: boKey, body: 'Nice start', at: Date.UTC(2026, 10, 2) }] };
    const user = userEvent.setup();
    await renderPage();
    await openPart('Why rivers');
    expect(await screen.findByText('Nice start')).toBeTruthy();
    await user.type(screen.getByLabelText('Add a comment'), 'Thanks');
    await user.click(screen.getByRole('button', { name: 'Add the comment' }));
    expect(deliverable.comment).toHaveBeenCalledWith('p1', 'Thanks');
  });
});
