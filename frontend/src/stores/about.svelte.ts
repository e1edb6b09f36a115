// The "About Cairn" dialog: whether it is open, and what it shows.

import { shell, type About } from '../api';

export class AboutStore {
  open = $state(false);
  about = $state<About | null>(null);
  error = $state<string | null>(null);

  show(): void {
    this.open = true;
    if (!this.about) void this.load();
  }

  hide(): void {
    this.open = false;
  }

  async load(): Promise<void> {
    this.error = null;
    try {
      this.about = await shell.about();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }
}

export const aboutStore = new AboutStore();
