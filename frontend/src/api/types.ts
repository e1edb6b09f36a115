// The shapes the rest of the app works with, under the names it uses, so
// that nothing outside src/api imports generated code.
//
// Every shape that crosses the Wails bridge is the class Wails generates from
// the Go struct (wailsjs/go/models.ts, from `go tool wails generate module`),
// seen as plain data: a Go field renamed or dropped fails `npm run check`.
// A few narrow one field the generator cannot express (a time.Time, a pointer
// or a nil map sent as null, a string that only holds a few values); each says
// which.
// Only literal unions are written here by hand; types.test.ts fails when a
// hand-kept copy of a generated class creeps back.

import type { app, canvas, decisions, deliverable, workspace } from './wailsjs/go/models';

/**
 * A generated model class as the bridge delivers it: its fields, all the way
 * down, without the converter methods the class carries (the bindings resolve
 * to JSON values, never to instances of these classes).
 */
export type Data<T> = T extends readonly (infer U)[]
  ? Data<U>[]
  : T extends object
    ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Data<T[K]> }
    : T;

/** What Cairn found when it looked for a workspace at start-up. */
export type WorkspaceState = 'none' | 'ready' | 'corrupt' | 'newer' | 'locked' | 'unwritable';

/** createdAt is an RFC 3339 time stamp. */
export type Info = Data<app.Info>;

/**
 * state is one of WorkspaceState, kept as string so a newer backend cannot
 * break routing; message is a sentence written for the person, shown as is
 * when not ready.
 */
export type Status = Data<app.Status>;

export type About = Data<app.About>;

export type ThemePreference = 'system' | 'light' | 'dark';

export const themePreferences: readonly ThemePreference[] = ['system', 'light', 'dark'];

export function isThemePreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (themePreferences as readonly string[]).includes(value);
}

/** How the Join screen reaches the community's remote. */
export type AuthMethod = '' | 'ssh-agent' | 'ssh-key' | 'password';

/**
 * A folder path, file://, ssh://, user@host:path or https:// address; the
 * secret (a token or a key's passphrase) goes to the OS keyring, never to
 * disk; device: already a member, add this computer to the membership.
 * The method narrows Go's plain string to the ones the form offers.
 */
export type JoinRequest = Omit<Data<app.JoinRequest>, 'method'> & { method: AuthMethod };

/**
 * ask: the words to send a coordinator (or, for a device, what to do next);
 * keyring: where the secret went, or why it could not be kept.
 */
export type JoinResult = Data<app.JoinResult>;

// ---- The shared state (workspace.Snapshot) and the areas ----

export type Member = Data<workspace.Member>;

export type Role = Data<workspace.Role>;

export type StepStatus = 'planned' | 'active' | 'blocked' | 'done' | 'validated';

/** start and due: YYYY-MM-DD or ""; owner: a member key or a role id, or "". */
export type Step = Data<workspace.Step>;

export type Part = Data<workspace.Part>;

export type Suggestion = Data<workspace.Suggestion>;

export type Contribution = Data<workspace.Contribution>;

/** A ballot; a score vote has its scores. */
export type Vote = Data<workspace.Vote>;

/** The closing of a decision: its outcome, and the step or part it validates. */
export type Closing = Data<decisions.Closing>;

/**
 * Where a decision stands. Averages is null unless the method is score (and
 * someone voted): Go leaves that map nil, which JSON carries as null.
 */
export type Tally = Omit<Data<decisions.Tally>, 'Averages'> & { Averages: Record<string, number> | null };

/**
 * closed is null while the decision is open: Go's *decisions.Closing has no
 * omitempty, so JSON carries null, where the generated class says optional.
 */
export type Decision = Omit<Data<workspace.Decision>, 'closed' | 'tally'> & { closed: Closing | null; tally: Tally };

export type Question = Data<canvas.Question>;

export type Answer = Data<workspace.Answer>;

/** The two sides of the exchange (Go's canvas.Side). */
export type ExchangeSide = 'offer' | 'need';

/** side is a plain string in Go's workspace.ExchangeItem; it only ever holds canvas.Offer or canvas.Need. */
export type ExchangeItem = Omit<Data<workspace.ExchangeItem>, 'side'> & { side: ExchangeSide };

export type Canvas = Omit<Data<workspace.Canvas>, 'exchange'> & { exchange: ExchangeItem[] };

/** devices: each approved extra device's key, to the key of the member it acts as. */
export type Snapshot = Omit<Data<workspace.Snapshot>, 'decisions' | 'canvas'> & {
  decisions: Decision[];
  canvas: Canvas;
};

export type JoinRequestItem = Data<workspace.JoinRequest>;

export type Match = Data<workspace.Match>;

/** What is expected of me: app.HomeView's home, with its me beside the lists. */
export type Home = Omit<Data<workspace.Home>, 'decisions'> & { decisions: Decision[] } & Omit<Data<app.HomeView>, 'home'>;

export type RoleForm = Data<app.RoleForm>;

export type StepForm = Data<app.StepForm>;

/** Fields to change; absent fields stay as they are. */
export type StepEdit = Data<app.StepEdit>;

// ---- Sync ----

/** The method narrows Go's plain string ("" for a folder). */
export type RemoteSettings = Omit<Data<workspace.RemoteSettings>, 'method'> & { method?: AuthMethod };

export type RemoteView = Omit<Data<app.RemoteView>, 'method'> & { method?: AuthMethod };

export type SyncSummary = Data<workspace.SyncSummary>;

/**
 * A running sync's stage and counts: Go's workspace.SyncProgress, sent as the
 * sync:progress event. No bound method returns it, so Wails generates no
 * class for it; SyncSummary embeds it, so it is read off that.
 */
export type SyncProgress = Omit<SyncSummary, 'problems' | 'changesRefused' | 'changesWaiting' | 'changesAhead' | 'changes'>;

export type SyncProblem = Data<workspace.SyncProblem>;

/** at: RFC 3339, "" when no sync ran yet. */
export type LastSync = Data<app.LastSyncView>;

export type SetAsideItem = Data<workspace.SetAsideItem>;

// ---- The deliverable, contributions, decisions, activity ----

/** at: Unix milliseconds. */
export type Comment = Data<workspace.Comment>;

export type ConflictSide = Data<workspace.ConflictSide>;

export type Conflict = Data<workspace.Conflict>;

/** What the person reading a part may do with it, by the rules replay judges with. */
export type PartMay = Data<deliverable.May>;
/** Who you are here, and what you may do now. */
export type MeView = Data<app.MeView>;

/**
 * conflict holds both texts, and the text they last shared, while edits made
 * apart collide, and is null otherwise: Go's *Conflict has no omitempty.
 */
export type PartView = Omit<Data<workspace.PartView>, 'conflict'> & { conflict: Conflict | null };

/** at: RFC 3339; Go's time.Time, which the generated class types as any. */
export type RevisionText = Omit<Data<workspace.RevisionText>, 'at'> & { at: string };

export type PartForm = Data<app.PartForm>;

export type PartEdit = Data<app.PartEdit>;

export type ContributionKind = Data<app.Kind>;

export type ContributionForm = Data<app.ContributionForm>;

export type Credit = Data<workspace.Credit>;

export type ProposalForm = Data<app.ProposalForm>;

export type CloseForm = Data<app.CloseForm>;

/** Since and Until: YYYY-MM-DD, both days included; "" for no bound. */
export type ActivityFilter = Data<workspace.ActivityFilter>;

/** at: RFC 3339; Go's time.Time, which the generated class types as any. */
export type ActivityEntry = Omit<Data<workspace.ActivityEntry>, 'at'> & { at: string };
/** A change of yours (or, in a sync's summary, of someone's) that is not in force. at is RFC 3339 (Go's time.Time). */
export type Change = Omit<Data<workspace.Change>, 'at' | 'kind' | 'action'> & {
  at: string;
  kind: 'refused' | 'waiting' | 'ahead' | 'removed';
  /** What one click does, as the backend says: send a refused change again, apply now one made while the clock ran ahead, or (a coordinator) accept one made after its author's removal. */
  action: 'send-again' | 'send-now' | 'accept' | '';
};
