import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { CairnError, areas } from '../api';
import Roles from './Roles.svelte';
import { workspaceStore } from '../stores/workspace.svelte';
import { snapshotStore } from '../stores/snapshot.svelte';
import { info, status } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { anaKey, boKey, cleoKey, snapshot } from '../test/snapshot';

beforeEach(() => {
  resetStores();
  vi.mocked(areas.snapshot).mockResolvedValue(snapshot());
  vi.mocked(areas.addRole).mockResolvedValue('r9');
});

function describedText(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

async function renderAs(me = anaKey) {
  const user = userEvent.setup();
  render(Roles, { me });
  await screen.findByRole('heading', { level: 2, name: 'Roles' });
  return user;
}

/** The cell of the responsibility table at a step or part and a member. */
function mark(row: string, member: string): string {
  const table = screen.getByRole('table', { name: /responsible \(R\) and who is consulted \(C\)/ });
  const columns = within(table)
    .getAllByRole('columnheader')
    .map((th) => th.textContent?.trim());
  const header = within(table).getByRole('rowheader', { name: row });
  const cell = header.closest('tr')?.children[columns.indexOf(member)];
  if (!cell || columns.indexOf(member) < 1) throw new Error(`no cell ${row} × ${member}`);
  return cell.textContent ?? '';
}

describe('Roles: the roles', () => {
  it('shows each role with Who, When, How, its permissions in words and who holds it', async () => {
    await renderAs();
    const editor = screen.getByRole('article', { name: 'Editor' });
    for (const text of ['One experienced member', 'Each Friday', 'Reviews and validates', 'Validate, contribute', 'Bo']) {
      expect(within(editor).getByText(text)).toBeTruthy();
    }
    const writer = screen.getByRole('article', { name: 'Writer' });
    expect(within(writer).getByText('Nobody yet')).toBeTruthy();
    expect(within(writer).getByText('Contribute')).toBeTruthy();
  });
});

describe('Roles: adding a role', () => {
  it('asks for a name and a permission, next to their fields, and sends nothing', async () => {
    const user = await renderAs();
    await user.click(screen.getByRole('button', { name: 'Add role' }));
    const name = screen.getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(name)).toContain('Give the role a name.');
    expect(document.activeElement).toBe(name);
    const group = screen.getByRole('group', { name: 'What the role may do' });
    expect(describedText(group)).toContain('Choose at least one thing the role may do.');
    expect(areas.addRole).not.toHaveBeenCalled();

    // A name alone is not enough either.
    await user.type(name, 'Facilitator');
    await user.click(screen.getByRole('button', { name: 'Add role' }));
    expect(name.getAttribute('aria-invalid')).toBeNull();
    expect(describedText(group)).toContain('Choose at least one');
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'Coordinate' }));
    expect(areas.addRole).not.toHaveBeenCalled();
  });

  it('refuses a name over 80 characters before sending', async () => {
    const user = await renderAs();
    await user.type(screen.getByLabelText('Name'), 'x'.repeat(81));
    await user.click(screen.getByRole('checkbox', { name: 'Observe' }));
    await user.click(screen.getByRole('button', { name: 'Add role' }));
    expect(describedText(screen.getByLabelText('Name'))).toContain('80 characters or fewer');
    expect(areas.addRole).not.toHaveBeenCalled();
  });

  it('sends the whole form through addRole', async () => {
    const user = await renderAs();
    await user.type(screen.getByLabelText('Name'), '  Facilitator ');
    await user.type(screen.getByLabelText('Who'), 'Two members in turn');
    await user.type(screen.getByLabelText('When'), 'At each meeting');
    await user.type(screen.getByLabelText('How'), 'Keeps time and the agenda');
    await user.click(screen.getByRole('checkbox', { name: 'Contribute' }));
    await user.click(screen.getByRole('checkbox', { name: 'Coordinate' }));
    await user.click(screen.getByRole('button', { name: 'Add role' }));
    expect(areas.addRole).toHaveBeenCalledWith({
      name: 'Facilitator',
      who: 'Two members in turn',
      when: 'At each meeting',
      how: 'Keeps time and the agenda',
      can: ['coordinate', 'contribute'],
    });
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('');
    expect(screen.getByText('Role “Facilitator” added.')).toBeTruthy();
  });

  it('puts a refusal about a field next to it, and a refusal about you above the form', async () => {
    vi.mocked(areas.addRole).mockRejectedValueOnce(
      new CairnError('invalid', 'name', 'There is already a role called "Editor". Choose another name.'),
    );
    vi.mocked(areas.addRole).mockRejectedValueOnce(new CairnError('unauthorized', '', 'Only coordinators can add roles.'));
    const user = await renderAs(boKey);
    await user.type(screen.getByLabelText('Name'), 'Editor');
    await user.click(screen.getByRole('checkbox', { name: 'Validate' }));
    await user.click(screen.getByRole('button', { name: 'Add role' }));
    expect(describedText(screen.getByLabelText('Name'))).toContain('There is already a role called "Editor"');

    await user.clear(screen.getByLabelText('Name'));
    await user.type(screen.getByLabelText('Name'), 'Reviewer');
    await user.click(screen.getByRole('button', { name: 'Add role' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Only coordinators can add roles.');
  });
});

describe('Roles: who holds which role', () => {
  it('has a row per current member and a labelled checkbox per role', async () => {
    await renderAs();
    const table = screen.getByRole('table', { name: /Who holds which role/ });
    expect(within(table).getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['Ana', 'Bo']);
    expect((within(table).getByRole('checkbox', { name: 'Bo holds Editor' }) as HTMLInputElement).checked).toBe(true);
    expect((within(table).getByRole('checkbox', { name: 'Ana holds Editor' }) as HTMLInputElement).checked).toBe(false);
    expect(within(table).queryByRole('checkbox', { name: /Cleo/ })).toBeNull();
  });

  it('assigns and unassigns a role', async () => {
    const user = await renderAs();
    await user.click(screen.getByRole('checkbox', { name: 'Ana holds Writer' }));
    expect(areas.assignRole).toHaveBeenCalledWith('writer', anaKey);
    expect((screen.getByRole('checkbox', { name: 'Ana holds Writer' }) as HTMLInputElement).checked).toBe(true);

    await user.click(screen.getByRole('checkbox', { name: 'Bo holds Editor' }));
    expect(areas.unassignRole).toHaveBeenCalledWith('editor', boKey);
    expect((screen.getByRole('checkbox', { name: 'Bo holds Editor' }) as HTMLInputElement).checked).toBe(false);
  });

  it('follows the shared state once it arrives', async () => {
    const user = await renderAs();
    await user.click(screen.getByRole('checkbox', { name: 'Ana holds Writer' }));
    const s = snapshot();
    s.members[0].roles = ['writer'];
    s.roles[1].members = [anaKey];
    vi.mocked(areas.snapshot).mockResolvedValue(s);
    await snapshotStore.refresh();
    expect((screen.getByRole('checkbox', { name: 'Ana holds Writer' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('article', { name: 'Writer' }).textContent).toContain('Ana');

    // Taken back elsewhere meanwhile: the box says so.
    vi.mocked(areas.snapshot).mockResolvedValue(snapshot());
    await snapshotStore.refresh();
    expect((screen.getByRole('checkbox', { name: 'Ana holds Writer' }) as HTMLInputElement).checked).toBe(false);
  });

  it('shows a refusal and puts the checkbox back as stored', async () => {
    vi.mocked(areas.unassignRole).mockRejectedValue(
      new CairnError('conflict', '', 'This is the last coordinator. Make someone else a coordinator first.'),
    );
    const user = await renderAs();
    const box = screen.getByRole('checkbox', { name: 'Bo holds Editor' }) as HTMLInputElement;
    await user.click(box);
    expect(areas.unassignRole).toHaveBeenCalledWith('editor', boKey);
    expect((await screen.findByRole('alert')).textContent).toContain('This is the last coordinator.');
    expect(box.checked).toBe(true);
  });
});

describe('Roles: who is responsible, who is consulted', () => {
  it('marks owners, holders of an owning role, and writers, in words', async () => {
    await renderAs();
    // A role owns the step: its holders are responsible.
    expect(mark('Analyse samples', 'Bo')).toContain('Responsible');
    // The step works on Methods, which Ana owns.
    expect(mark('Analyse samples', 'Ana')).toContain('Consulted');
    expect(mark('Survey the rivers', 'Ana')).toContain('Responsible');
    expect(mark('Survey the rivers', 'Bo')).toBe('');
    expect(mark('Guide ready', 'Ana')).toBe('');
    // Parts: the owner is responsible, writers are consulted.
    expect(mark('Methods', 'Ana')).toContain('Responsible');
    expect(mark('Methods', 'Bo')).toContain('Consulted');
    expect(mark('Why rivers', 'Bo')).toBe('');
    expect(screen.getByText(/owns the step or part/)).toBeTruthy();
  });
});

describe('Roles: join requests', () => {
  it('approves a request', async () => {
    const user = await renderAs();
    await user.click(screen.getByRole('button', { name: 'Approve Cleo' }));
    expect(areas.approveMember).toHaveBeenCalledWith(cleoKey);
  });

  it('refuses a request only once confirmed', async () => {
    const user = await renderAs();
    await user.click(screen.getByRole('button', { name: 'Refuse Cleo' }));
    expect(areas.refuseMember).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Yes, refuse Cleo' }));
    await user.click(screen.getByRole('button', { name: 'Keep the request' }));
    expect(areas.refuseMember).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Refuse Cleo' }));

    await user.click(screen.getByRole('button', { name: 'Refuse Cleo' }));
    await user.click(screen.getByRole('button', { name: 'Yes, refuse Cleo' }));
    expect(areas.refuseMember).toHaveBeenCalledWith(cleoKey);
  });

  it('shows why an approval was refused', async () => {
    vi.mocked(areas.approveMember).mockRejectedValue(new CairnError('unauthorized', '', 'Only coordinators can approve members.'));
    const user = await renderAs(boKey);
    await user.click(screen.getByRole('button', { name: 'Approve Cleo' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Only coordinators can approve members.');
  });

  it('approves another computer of yours, and lists it apart from join requests', async () => {
    const deviceKey = 'd'.repeat(64);
    const s = snapshot();
    s.members.push({ key: deviceKey, name: 'Ana', approved: false, removed: false, permissions: [], roles: [], devices: [], asksDeviceOf: anaKey });
    vi.mocked(areas.snapshot).mockResolvedValue(s);
    workspaceStore.status = status('ready', { info: { ...info, publicKey: anaKey } });
    const user = userEvent.setup();
    render(Roles);
    await user.click(await screen.findByRole('button', { name: 'Approve this device' }));
    expect(areas.approveDevice).toHaveBeenCalledWith(deviceKey);
    // The device is not a join request: no "Approve Ana" beside "Approve Cleo".
    expect(screen.getAllByRole('button', { name: /^Approve / })).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Approve Cleo' })).toBeTruthy();
  });

  it('does not offer someone else’s device requests', async () => {
    const s = snapshot();
    s.members.push({ key: 'd'.repeat(64), name: 'Ana', approved: false, removed: false, permissions: [], roles: [], devices: [], asksDeviceOf: anaKey });
    vi.mocked(areas.snapshot).mockResolvedValue(s);
    await renderAs(boKey);
    expect(screen.queryByRole('button', { name: 'Approve this device' })).toBeNull();
  });
});
