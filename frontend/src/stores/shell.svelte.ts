// Which area of the workspace is shown, and the keyboard shortcuts that
// switch between areas. The last area is remembered while Cairn runs only.

import { areas, defaultArea, type AreaId } from '../areas';

/** The parts of a KeyboardEvent the shortcuts look at. */
export interface ShortcutKey {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  defaultPrevented?: boolean;
}

function digitOf(e: ShortcutKey): number | null {
  // The physical key first, so Ctrl + the "1" key also works on layouts
  // where that key types "&" (AZERTY).
  const byCode = /^(?:Digit|Numpad)([0-9])$/.exec(e.code ?? '');
  if (byCode) return Number(byCode[1]);
  if (/^[0-9]$/.test(e.key)) return Number(e.key);
  return null;
}

/**
 * The area a key press asks for, or null when it is not one of ours:
 * Ctrl+1 … Ctrl+9 pick the first nine areas, Ctrl+0 and Ctrl+, pick
 * Settings (⌘ works like Ctrl on a Mac). Plain digits, and keys another part
 * of the page already handled, are left alone. Ctrl+digit types nothing, so
 * it works from a text field too.
 */
export function areaForShortcut(e: ShortcutKey): AreaId | null {
  if (e.defaultPrevented) return null;
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  if (e.key === ',') return 'settings';
  const digit = digitOf(e);
  if (digit === null) return null;
  if (digit === 0) return 'settings';
  return areas[digit - 1]?.id ?? null;
}

export class ShellStore {
  area = $state<AreaId>(defaultArea);

  select(id: AreaId): void {
    this.area = id;
  }

  /** A window keydown listener: switches area on one of the shortcuts. */
  handleKeydown = (e: KeyboardEvent): void => {
    const id = areaForShortcut(e);
    if (id === null) return;
    e.preventDefault();
    this.select(id);
  };
}

export const shellStore = new ShellStore();
