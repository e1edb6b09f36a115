// Light or dark: the person's preference, saved by the Go side, and what the
// system asks for when the preference is to follow it. The result is set as
// data-theme on <html>, which the CSS custom properties key on.

import { shell, isThemePreference, type ThemePreference } from '../api';

export type ResolvedTheme = 'light' | 'dark';

export const darkQuery = '(prefers-color-scheme: dark)';

export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): ResolvedTheme {
  if (preference === 'system') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

export function applyTheme(theme: ResolvedTheme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}

/** The slice of MediaQueryList we use, so tests can hand in their own. */
export interface DarkMedia {
  matches: boolean;
  addEventListener(type: 'change', listener: (e: { matches: boolean }) => void): void;
  removeEventListener(type: 'change', listener: (e: { matches: boolean }) => void): void;
}

function systemMedia(): DarkMedia | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(darkQuery)
    : null;
}

export class ThemeStore {
  preference = $state<ThemePreference>('system');
  systemPrefersDark = $state(false);
  resolved = $derived(resolveTheme(this.preference, this.systemPrefersDark));
  /** Set when a choice applied but could not be saved for next time. */
  saveError = $state<string | null>(null);

  #chosen = false;

  /**
   * Follows the system setting live, and loads the saved preference.
   * Returns the function that stops following.
   */
  start(media: DarkMedia | null = systemMedia()): () => void {
    this.systemPrefersDark = media?.matches ?? false;
    this.#apply();
    const onChange = (e: { matches: boolean }) => {
      this.systemPrefersDark = e.matches;
      this.#apply();
    };
    media?.addEventListener('change', onChange);
    void this.load();
    return () => media?.removeEventListener('change', onChange);
  }

  async load(): Promise<void> {
    try {
      const saved = await shell.theme();
      // A choice made while we waited wins over what was saved before.
      if (!this.#chosen && isThemePreference(saved)) {
        this.preference = saved;
        this.#apply();
      }
    } catch {
      // Nothing saved we can read: keep following the system.
    }
  }

  /** Applies the choice at once, then saves it. */
  async choose(preference: ThemePreference): Promise<void> {
    this.#chosen = true;
    this.preference = preference;
    this.saveError = null;
    this.#apply();
    try {
      await shell.setTheme(preference);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.saveError = `Your choice is applied, but Cairn could not keep it for next time. ${message}`;
    }
  }

  #apply(): void {
    if (typeof document !== 'undefined') applyTheme(this.resolved);
  }
}

export const themeStore = new ThemeStore();
