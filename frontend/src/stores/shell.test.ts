import { describe, expect, it } from 'vitest';
import { areaForShortcut, ShellStore, type ShortcutKey } from './shell.svelte';

function key(k: string, extra: Partial<ShortcutKey> = {}): ShortcutKey {
  return { key: k, ctrlKey: true, ...extra };
}

describe('areaForShortcut', () => {
  it('maps Ctrl+1 … Ctrl+9 to the first nine areas', () => {
    const got = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => areaForShortcut(key(d)));
    expect(got).toEqual([
      'home',
      'vision',
      'roadmap',
      'roles',
      'deliverable',
      'contributions',
      'decisions',
      'activity',
      'sync',
    ]);
  });

  it('maps Ctrl+0 and Ctrl+, to Settings', () => {
    expect(areaForShortcut(key('0'))).toBe('settings');
    expect(areaForShortcut(key(','))).toBe('settings');
  });

  it('uses the physical key, so it works on AZERTY where the 1 key types &', () => {
    expect(areaForShortcut(key('&', { code: 'Digit1' }))).toBe('home');
    expect(areaForShortcut(key('0', { code: 'Numpad0' }))).toBe('settings');
  });

  it('accepts ⌘ as Ctrl', () => {
    expect(areaForShortcut(key('4', { ctrlKey: false, metaKey: true }))).toBe('roles');
  });

  it('ignores plain digits, also typed in a text field', () => {
    expect(areaForShortcut(key('1', { ctrlKey: false }))).toBeNull();
    expect(areaForShortcut(key('1', { ctrlKey: false, code: 'Digit1' }))).toBeNull();
    const input = document.createElement('input');
    const typed = new KeyboardEvent('keydown', { key: '2', code: 'Digit2', bubbles: true });
    input.dispatchEvent(typed);
    expect(areaForShortcut(typed)).toBeNull();
  });

  it('ignores other keys and other modifiers', () => {
    expect(areaForShortcut(key('a'))).toBeNull();
    expect(areaForShortcut(key('s'))).toBeNull();
    expect(areaForShortcut(key('1', { altKey: true }))).toBeNull();
    expect(areaForShortcut(key('!', { shiftKey: true, code: 'Digit1' }))).toBeNull();
  });

  it('leaves keys that something else already handled', () => {
    expect(areaForShortcut(key('1', { defaultPrevented: true }))).toBeNull();
  });
});

describe('ShellStore', () => {
  it('starts on Home and switches area on a shortcut', () => {
    const store = new ShellStore();
    expect(store.area).toBe('home');
    const e = new KeyboardEvent('keydown', { key: '7', code: 'Digit7', ctrlKey: true, cancelable: true });
    store.handleKeydown(e);
    expect(store.area).toBe('decisions');
    expect(e.defaultPrevented).toBe(true);
  });

  it('does not touch keys that are not shortcuts', () => {
    const store = new ShellStore();
    store.select('roadmap');
    const e = new KeyboardEvent('keydown', { key: '7', cancelable: true });
    store.handleKeydown(e);
    expect(store.area).toBe('roadmap');
    expect(e.defaultPrevented).toBe(false);
  });
});
