import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import Editor from './Editor.svelte';

describe('Editor (CodeMirror)', () => {
  it('is a labelled multi-line text box holding the value, and follows a new value without reporting it as typing', async () => {
    const onchange = vi.fn();
    const { rerender } = render(Editor, { id: 'ed', label: 'Text of Why rivers', value: 'Rivers carry stories.', onchange });
    const box = screen.getByRole('textbox', { name: 'Text of Why rivers' });
    expect(box.getAttribute('contenteditable')).toBe('true');
    expect(box.textContent).toBe('Rivers carry stories.');

    await rerender({ id: 'ed', label: 'Text of Why rivers', value: 'Another part', onchange });
    expect(screen.getByRole('textbox', { name: 'Text of Why rivers' }).textContent).toBe('Another part');
    expect(onchange).not.toHaveBeenCalled();
  });
});
