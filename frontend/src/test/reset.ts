// Puts the app-wide stores back to how Cairn starts, between tests.
import { workspaceStore } from '../stores/workspace.svelte';
import { shellStore } from '../stores/shell.svelte';
import { themeStore } from '../stores/theme.svelte';
import { aboutStore } from '../stores/about.svelte';
import { snapshotStore } from '../stores/snapshot.svelte';
import { homeStore } from '../stores/home.svelte';
import { syncStore } from '../stores/sync.svelte';
import { paletteStore } from '../stores/palette.svelte';
import { roadmapStore } from '../stores/roadmap.svelte';
import { deliverableStore } from '../stores/deliverable.svelte';
import { contributionsStore } from '../stores/contributions.svelte';
import { activityStore } from '../stores/activity.svelte';
import { changesStore } from '../stores/changes.svelte';

export function resetStores(): void {
  workspaceStore.status = null;
  workspaceStore.loadError = null;
  workspaceStore.loading = false;
  workspaceStore.creating = false;
  workspaceStore.joining = false;
  workspaceStore.joined = null;
  workspaceStore.notice = null;
  workspaceStore.movingAside = false;
  workspaceStore.movedTo = null;
  shellStore.select('home');
  themeStore.preference = 'system';
  themeStore.saveError = null;
  aboutStore.open = false;
  aboutStore.about = null;
  aboutStore.error = null;
  snapshotStore.reset();
  changesStore.reset();
  homeStore.reset();
  syncStore.reset();
  paletteStore.reset();
  roadmapStore.reset();
  deliverableStore.reset();
  contributionsStore.reset();
  activityStore.reset();
}
