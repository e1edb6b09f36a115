// The command palette: Ctrl+K (⌘K on a Mac) opens a search over what Cairn
// can do from anywhere: go to each area, and sync now.

import { areas, shortcutLabel } from '../areas';
import { shellStore } from './shell.svelte';
import { syncStore } from './sync.svelte';

export interface Command {
  id: string;
  label: string;
  /** A shortcut or a word on what it does, shown beside the label. */
  hint: string;
  run: () => void;
}

export function commands(): Command[] {
  return [
    ...areas.map((a) => ({
      id: `go-${a.id}`,
      label: `Go to ${a.title}`,
      hint: shortcutLabel(a.id),
      run: () => shellStore.select(a.id),
    })),
    {
      id: 'sync-now',
      label: 'Sync now',
      hint: 'opens Sync',
      run: () => {
        shellStore.select('sync');
        void syncStore.syncNow();
      },
    },
  ];
}

/** Whether every word typed appears in the command's label. */
export function matchesQuery(command: Command, query: string): boolean {
  const label = command.label.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => label.includes(word));
}

/** Ctrl+K or ⌘K, whatever the keyboard layout types on that key. */
export function isPaletteShortcut(e: KeyboardEvent): boolean {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return false;
  return e.key.toLowerCase() === 'k' || (!/^[a-z]$/i.test(e.key) && e.code === 'KeyK');
}

export class PaletteStore {
  open = $state(false);
  query = $state('');
  active = $state(0);
  readonly all = commands();
  results = $derived(this.all.filter((c) => matchesQuery(c, this.query)));
  /** Where focus was when the palette opened; it goes back there. */
  returnFocus: HTMLElement | null = null;

  show(): void {
    const focused = typeof document === 'undefined' ? null : document.activeElement;
    this.returnFocus = focused instanceof HTMLElement && focused !== document.body ? focused : null;
    this.query = '';
    this.active = 0;
    this.open = true;
  }

  hide(): void {
    this.open = false;
  }

  setQuery(query: string): void {
    this.query = query;
    this.active = 0;
  }

  /** Moves the highlighted command, wrapping around. */
  move(delta: number): void {
    const n = this.results.length;
    if (n === 0) return;
    this.active = (((this.active + delta) % n) + n) % n;
  }

  first(): void {
    this.active = 0;
  }

  last(): void {
    this.active = Math.max(0, this.results.length - 1);
  }

  /** Closes the palette, then runs the command. */
  run(command: Command | undefined = this.results[this.active]): void {
    if (!command) return;
    this.hide();
    command.run();
  }

  reset(): void {
    this.returnFocus = null;
    this.open = false;
    this.query = '';
    this.active = 0;
  }
}

export const paletteStore = new PaletteStore();

/**
 * For the shell's window keydown listener: Ctrl+K / ⌘K opens the palette
 * (and closes it again). Returns true when the key is the palette's, so the
 * shell leaves it alone: the shortcut itself, and every key while the
 * palette is open.
 */
export function paletteKeydown(event: KeyboardEvent): boolean {
  if (isPaletteShortcut(event) && !event.defaultPrevented) {
    event.preventDefault();
    if (paletteStore.open) paletteStore.hide();
    else paletteStore.show();
    return true;
  }
  return paletteStore.open;
}
