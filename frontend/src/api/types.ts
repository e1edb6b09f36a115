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

// ---- The shared state (workspace.Snapshot) and the areas ----

export interface Member {
  key: string;
  name: string;
  approved: boolean;
  removed: boolean;
  permissions: string[];
  roles: string[];
  devices: string[];
  asksDeviceOf?: string;
}

export interface Role {
  id: string;
  name: string;
  who: string;
  when: string;
  how: string;
  can: string[];
  members: string[];
  names: string[];
}

export type StepStatus = 'planned' | 'active' | 'blocked' | 'done' | 'validated';

export interface Step {
  id: string;
  title: string;
  description: string;
  status: string;
  /** YYYY-MM-DD or "". */
  start: string;
  due: string;
  /** A member key or a role id, or "". */
  owner: string;
  ownerName: string;
  after: string[];
  parts: string[];
  milestone: boolean;
  finished: number;
  total: number;
  dropped?: string[];
}

export interface Part {
  id: string;
  title: string;
  position: string;
  brief: string;
  kind: string;
  mode: string;
  owner: string;
  writers: string[];
  text: string;
  heads: string[];
  conflicted: boolean;
  validated?: string;
}

export interface Suggestion {
  id: string;
  part: string;
  author: string;
  text: string;
  note: string;
  parents: string[];
  status: string;
}

export interface Contribution {
  id: string;
  member: string;
  type: string;
  part?: string;
  step?: string;
  note: string;
  status: string;
  reviewNote?: string;
  reviewedBy?: string;
}

export interface Vote {
  member: string;
  choice: string;
  reason?: string;
}

export interface Decision {
  id: string;
  title: string;
  description: string;
  method: string;
  options: string[];
  closes: string;
  quorum: number;
  proposedBy: string;
  votes: Vote[];
  tally: { Voters: number; QuorumMet: boolean; Counts: Record<string, number>; Objections: number };
  closed: { outcome: string; by: string } | null;
}

export interface Question {
  ID: string;
  Text: string;
}

export interface Answer {
  question: string;
  member: string;
  text: string;
}

export interface ExchangeItem {
  item: string;
  side: 'offer' | 'need';
  member: string;
  text: string;
  part?: string;
  step?: string;
  matchedBy?: string;
}

export interface Snapshot {
  name: string;
  vision: string;
  members: Member[];
  roles: Role[];
  steps: Step[];
  parts: Part[];
  suggestions: Suggestion[];
  contributions: Contribution[];
  decisions: Decision[];
  canvas: { questions: Question[]; answers: Answer[]; exchange: ExchangeItem[] };
  /** Each approved extra device's key, to the key of the member it acts as. */
  devices: Record<string, string>;
}

export interface JoinRequestItem {
  key: string;
  name: string;
  asksDeviceOf?: string;
}

export interface Match {
  mine: string;
  theirs: string;
  side: string;
  text: string;
  member: string;
}

/** What is expected of me. */
export interface Home {
  me: string;
  steps: Step[];
  parts: Part[];
  reviews: Contribution[];
  decisions: Decision[];
  requests: JoinRequestItem[];
  matches: Match[];
  milestones: Step[];
  suggestions: Suggestion[];
}

export interface RoleForm {
  name: string;
  who: string;
  when: string;
  how: string;
  can: string[];
}

export interface StepForm {
  title: string;
  description: string;
  start: string;
  due: string;
  owner: string;
  after: string[];
  parts: string[];
  milestone: boolean;
}

/** Fields to change; absent fields stay as they are. */
export interface StepEdit {
  title?: string;
  description?: string;
  start?: string;
  due?: string;
  owner?: string;
  status?: string;
  after?: string[];
  parts?: string[];
  milestone?: boolean;
}

// ---- Sync ----

export interface RemoteSettings {
  url: string;
  method?: AuthMethod;
  user?: string;
  keyFile?: string;
  knownHosts?: string;
}

export interface RemoteView extends RemoteSettings {
  keyringAvailable: boolean;
  autoSyncMinutes: number;
}

export interface SyncProgress {
  stage: string;
  sent: number;
  received: number;
  applied: number;
  held: number;
  rejected: number;
}

export interface SyncProblem {
  replica?: string;
  segment?: string;
  kind: string;
  reason: string;
}

export interface SyncSummary extends SyncProgress {
  problems: SyncProblem[];
}

export interface LastSync {
  /** RFC 3339, "" when no sync ran yet. */
  at: string;
  summary: SyncSummary;
}

export interface SetAsideItem {
  Name: string;
  Kind: string;
  Reason: string;
  Ops: number;
}

// ---- The deliverable, contributions, decisions, activity ----

export interface Comment {
  id: string;
  author: string;
  body: string;
  /** Unix milliseconds. */
  at: number;
}

export interface ConflictSide {
  revision: string;
  author: string;
  text: string;
}

/** What the person reading a part may do with it, by the rules replay judges with. */
export interface PartMay {
  /** Their edits become the text. */
  write: boolean;
  /** They may send the owner a suggestion. */
  suggest: boolean;
  /** They accept or decline suggestions. */
  review: boolean;
  /** They change the brief, kind, mode, owner and writers. */
  changeSettings: boolean;
}

export interface PartView extends Part {
  may: PartMay;
  revisions: { id: string; parents: string[]; author: string }[];
  suggestions: Suggestion[];
  comments: Comment[];
  /** Both texts, and the text they last shared, while edits made apart collide. */
  conflict: { base: string; sides: ConflictSide[] } | null;
}

export interface RevisionText {
  id: string;
  parents: string[];
  author: string;
  /** RFC 3339. */
  at: string;
  text: string;
}

export interface PartForm {
  title: string;
  brief: string;
  kind: string;
  mode: string;
  owner: string;
  writers: string[];
}

export interface PartEdit {
  brief?: string;
  kind?: string;
  mode?: string;
  owner?: string;
  writers?: string[];
}

export interface ContributionKind {
  key: string;
  label: string;
  emoji: string;
  credit: boolean;
}

export interface ContributionForm {
  type: string;
  part: string;
  step: string;
  note: string;
}

export interface Credit {
  member: string;
  name: string;
  kinds: string[];
}

export interface ProposalForm {
  title: string;
  description: string;
  method: string;
  options: string[];
  closes: string;
  quorum: number;
}

export interface CloseForm {
  outcome: string;
  review: string;
  validates: string;
}

export interface ActivityFilter {
  Member: string;
  Area: string;
  /** YYYY-MM-DD, both days included; "" for no bound. */
  Since: string;
  Until: string;
  Limit: number;
}

export interface ActivityEntry {
  id: string;
  /** RFC 3339. */
  at: string;
  member: string;
  name: string;
  area: string;
  text: string;
  target?: string;
}
