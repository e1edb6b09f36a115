// The shapes the rest of the app works with. They mirror the Go structs of
// package app (see wailsjs/go/models.ts) so that nothing outside src/api has
// to import generated code.

/** What Cairn found when it looked for a workspace at start-up. */
export type WorkspaceState = 'none' | 'ready' | 'corrupt' | 'newer' | 'locked' | 'unwritable';

export interface Info {
  workspaceId: string;
  workspaceName: string;
  memberName: string;
  publicKey: string;
  keyFingerprint: string;
  replicaId: string;
  /** RFC 3339 time stamp. */
  createdAt: string;
  dataDir: string;
}

export interface Status {
  /** One of WorkspaceState; kept as string so a newer backend cannot break routing. */
  state: string;
  /** A sentence written for the person, shown as is when not ready. */
  message: string;
  dataDir: string;
  info?: Info;
}

export interface About {
  name: string;
  version: string;
  goVersion: string;
  dataDir: string;
}

export type ThemePreference = 'system' | 'light' | 'dark';

export const themePreferences: readonly ThemePreference[] = ['system', 'light', 'dark'];

export function isThemePreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (themePreferences as readonly string[]).includes(value);
}

/** How the Join screen reaches the community's remote. */
export type AuthMethod = '' | 'ssh-agent' | 'ssh-key' | 'password';

export interface JoinRequest {
  /** A folder path, file://, ssh://, user@host:path or https:// address. */
  url: string;
  name: string;
  method: AuthMethod;
  user: string;
  keyFile: string;
  /** A token or a key's passphrase: kept in the OS keyring, never on disk. */
  secret: string;
  /** Already a member: add this computer to the membership. */
  device: boolean;
}

export interface JoinResult {
  info: Info;
  /** The words to send a coordinator (or, for a device, what to do next). */
  ask: string;
  /** Where the secret went, or why it could not be kept. */
  keyring: string;
}
