import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

vi.mock('../api', () => import('../test/fakeApi'));

import { CairnError, areas } from '../api';
import Vision from './Vision.svelte';
import { workspaceStore } from '../stores/workspace.svelte';
import { info, status } from '../test/fixtures';
import { resetStores } from '../test/reset';
import { anaKey, boKey, snapshot } from '../test/snapshot';

beforeEach(() => {
  resetStores();
  vi.mocked(areas.snapshot).mockResolvedValue(snapshot());
  vi.mocked(areas.addExchange).mockResolvedValue('x9');
});

function describedText(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

async function renderAs(me: string) {
  const user = userEvent.setup();
  render(Vision, { me });
  await screen.findByRole('heading', { level: 2, name: 'Our vision' });
  return user;
}

function questionCard(name: string | RegExp): HTMLElement {
  return screen.getByRole('article', { name });
}

function exchangeItem(text: string): HTMLElement {
  const item = screen.getByText(text).closest('li');
  if (!item) throw new Error(`no item ${text}`);
  return item;
}

describe('Vision: the vision', () => {
  it('shows the vision and saves an edit through setVision', async () => {
    const user = await renderAs(anaKey);
    expect(screen.getByText('A field guide any river group can use.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Edit the vision' }));
    const field = screen.getByLabelText('The shared vision') as HTMLTextAreaElement;
    expect(field.value).toBe('A field guide any river group can use.');
    expect(document.activeElement).toBe(field);

    await user.clear(field);
    await user.type(field, 'A guide every river group writes with us.');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(areas.setVision).toHaveBeenCalledWith('A guide every river group writes with us.');
    expect(screen.queryByLabelText('The shared vision')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit the vision' }));
  });

  it('cancels without saving', async () => {
    const user = await renderAs(anaKey);
    await user.click(screen.getByRole('button', { name: 'Edit the vision' }));
    await user.type(screen.getByLabelText('The shared vision'), ' More.');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(areas.setVision).not.toHaveBeenCalled();
    expect(screen.queryByLabelText('The shared vision')).toBeNull();
  });

  it('flags an empty vision next to the field and sends nothing', async () => {
    const user = await renderAs(anaKey);
    await user.click(screen.getByRole('button', { name: 'Edit the vision' }));
    const field = screen.getByLabelText('The shared vision');
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(field)).toContain('The vision is empty');
    expect(areas.setVision).not.toHaveBeenCalled();
  });

  it('shows the refusal when someone who is not a coordinator saves', async () => {
    vi.mocked(areas.setVision).mockRejectedValue(
      new CairnError('unauthorized', '', 'Only coordinators can set the vision.'),
    );
    const user = await renderAs(boKey);
    await user.click(screen.getByRole('button', { name: 'Edit the vision' }));
    await user.type(screen.getByLabelText('The shared vision'), ' Soon.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Only coordinators can set the vision.');
    expect(screen.getByLabelText('The shared vision')).toBeTruthy();
  });
});

describe('Vision: the board’s questions', () => {
  it('shows each question with the answers and who gave them', async () => {
    await renderAs(anaKey);
    const content = questionCard(/What content must be curated/);
    expect(within(content).getByText('Bo')).toBeTruthy();
    expect(within(content).getByText('A sampling method.')).toBeTruthy();
    const exchange = questionCard(/What can I do for others/);
    expect(within(exchange).getByText(/No answers yet/)).toBeTruthy();
  });

  it('sends your answer through answerQuestion', async () => {
    const user = await renderAs(anaKey);
    const card = questionCard(/What content must be curated/);
    const field = within(card).getByLabelText(/^Your answer/) as HTMLTextAreaElement;
    expect(field.value).toBe('');
    await user.type(field, 'Water quality tables.');
    await user.click(within(card).getByRole('button', { name: 'Save your answer' }));
    expect(areas.answerQuestion).toHaveBeenCalledWith('content', 'Water quality tables.');
    expect(within(card).getByRole('status').textContent).toContain('Answer saved');
  });

  it('prefills your existing answer, from the open workspace’s key by default', async () => {
    workspaceStore.status = status('ready', { info: { ...info, publicKey: boKey } });
    const user = userEvent.setup();
    render(Vision);
    await screen.findByRole('heading', { level: 2, name: 'Our vision' });
    const card = questionCard(/What content must be curated/);
    const field = within(card).getByLabelText(/^Your answer/) as HTMLTextAreaElement;
    expect(field.value).toBe('A sampling method.');
    await user.type(field, ' And a key.');
    await user.click(within(card).getByRole('button', { name: 'Save your answer' }));
    expect(areas.answerQuestion).toHaveBeenCalledWith('content', 'A sampling method. And a key.');
  });

  it('puts a refusal about the text next to the answer', async () => {
    vi.mocked(areas.answerQuestion).mockRejectedValue(new CairnError('invalid', 'text', 'This is too long.'));
    const user = await renderAs(anaKey);
    const card = questionCard(/What can I do for others/);
    const field = within(card).getByLabelText(/^Your answer/);
    await user.type(field, 'Maps.');
    await user.click(within(card).getByRole('button', { name: 'Save your answer' }));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(field)).toContain('This is too long.');
  });
});

describe('Vision: offers and needs', () => {
  it('shows offers and needs in two columns with who and their state', async () => {
    await renderAs(anaKey);
    const offers = screen.getByRole('region', { name: 'What I can do for others' });
    const needs = screen.getByRole('region', { name: 'What I need' });
    expect(within(offers).getByText('Portuguese translation')).toBeTruthy();
    expect(within(offers).getByText('Offered by Bo')).toBeTruthy();
    expect(within(needs).getByText('Photos of the estuary')).toBeTruthy();
    expect(within(needs).getByText('Needed by you')).toBeTruthy();
    expect(within(offers).getAllByText('Open').length).toBe(1);
  });

  it('takes up someone else’s offer, and offers no action on your own items', async () => {
    const user = await renderAs(anaKey);
    const offer = exchangeItem('Portuguese translation');
    await user.click(within(offer).getByRole('button', { name: 'This helps me' }));
    expect(areas.matchExchange).toHaveBeenCalledWith('x1');
    expect(within(offer).getByText('Taken up by you')).toBeTruthy();
    expect(within(offer).queryByRole('button')).toBeNull();

    const mine = exchangeItem('Photos of the estuary');
    expect(within(mine).queryByRole('button')).toBeNull();
  });

  it('lets another member take up a need', async () => {
    const user = await renderAs(boKey);
    expect(within(exchangeItem('Portuguese translation')).queryByRole('button')).toBeNull();
    await user.click(within(exchangeItem('Photos of the estuary')).getByRole('button', { name: 'I can take this' }));
    expect(areas.matchExchange).toHaveBeenCalledWith('x2');
  });

  it('shows who took an item up, its linked part, and no action then', async () => {
    const s = snapshot();
    s.canvas.exchange = [{ item: 'x1', side: 'offer', member: boKey, text: 'Portuguese translation', part: 'p2', step: 's2', matchedBy: anaKey }];
    vi.mocked(areas.snapshot).mockResolvedValue(s);
    await renderAs('f'.repeat(64));
    const item = exchangeItem('Portuguese translation');
    expect(within(item).getByText('Taken up by Ana')).toBeTruthy();
    expect(within(item).getByText('Part: Methods · Step: Analyse samples')).toBeTruthy();
    expect(within(item).queryByRole('button')).toBeNull();
  });

  it('shows a refusal to take up an item', async () => {
    vi.mocked(areas.matchExchange).mockRejectedValue(new CairnError('conflict', '', 'Someone already took up this offer.'));
    const user = await renderAs(anaKey);
    const offer = exchangeItem('Portuguese translation');
    await user.click(within(offer).getByRole('button', { name: 'This helps me' }));
    expect(within(offer).getByRole('alert').textContent).toContain('Someone already took up this offer.');
  });

  it('adds an offer linked to a part', async () => {
    const user = await renderAs(anaKey);
    const form = screen.getByRole('form', { name: 'Add an offer' });
    await user.type(within(form).getByLabelText('Your offer'), 'Field photos');
    await user.selectOptions(within(form).getByLabelText('Linked part (optional)'), 'Methods');
    await user.click(within(form).getByRole('button', { name: 'Add offer' }));
    expect(areas.addExchange).toHaveBeenCalledWith('offer', 'Field photos', 'p2', '');
    expect((within(form).getByLabelText('Your offer') as HTMLTextAreaElement).value).toBe('');
  });

  it('adds a need linked to a step', async () => {
    const user = await renderAs(anaKey);
    const form = screen.getByRole('form', { name: 'Add a need' });
    await user.type(within(form).getByLabelText('Your need'), 'A boat');
    await user.selectOptions(within(form).getByLabelText('Linked step (optional)'), 'Survey the rivers');
    await user.click(within(form).getByRole('button', { name: 'Add need' }));
    expect(areas.addExchange).toHaveBeenCalledWith('need', 'A boat', '', 's1');
  });

  it('needs a text before adding, and sends nothing without', async () => {
    const user = await renderAs(anaKey);
    const form = screen.getByRole('form', { name: 'Add an offer' });
    await user.click(within(form).getByRole('button', { name: 'Add offer' }));
    const field = within(form).getByLabelText('Your offer');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(field)).toContain('Write a few words first.');
    expect(areas.addExchange).not.toHaveBeenCalled();
  });
});
