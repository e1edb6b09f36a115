// The only module that imports the bindings Wails generates from the Go
// package app. Everything else talks to the backend through these functions,
// which turn every failure into a CairnError.

import * as Workspace from './wailsjs/go/app/WorkspaceService';
import * as Shell from './wailsjs/go/app/ShellService';
import * as Areas from './wailsjs/go/app/AreasService';
import * as Sync from './wailsjs/go/app/SyncService';
import * as Deliverable from './wailsjs/go/app/DeliverableService';
import * as Contributions from './wailsjs/go/app/ContributionsService';
import * as Decisions from './wailsjs/go/app/DecisionsService';
import { EventsOn } from './wailsjs/runtime/runtime';
import { toCairnError } from './errors';
import type {
  About,
  ActivityEntry,
  ActivityFilter,
  CloseForm,
  ContributionForm,
  Change,
  MeView,
  ContributionKind,
  Credit,
  Data,
  ExchangeSide,
  PartEdit,
  PartForm,
  PartView,
  ProposalForm,
  RevisionText,
  Home,
  Info,
  JoinRequest,
  JoinResult,
  LastSync,
  RemoteSettings,
  RemoteView,
  RoleForm,
  SetAsideItem,
  Snapshot,
  Status,
  StepEdit,
  StepForm,
  SyncProgress,
  SyncSummary,
} from './types';

export { CairnError, toCairnError, unexpectedMessage } from './errors';
export type { ErrorCode } from './errors';
export * from './types';

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (reason) {
    throw toCairnError(reason);
  }
}

// Generated model classes carry methods; the app only needs plain data.
function infoFrom(i: Info): Info {
  return {
    workspaceId: i.workspaceId ?? '',
    workspaceName: i.workspaceName ?? '',
    memberName: i.memberName ?? '',
    publicKey: i.publicKey ?? '',
    keyFingerprint: i.keyFingerprint ?? '',
    replicaId: i.replicaId ?? '',
    createdAt: i.createdAt ?? '',
    dataDir: i.dataDir ?? '',
  };
}

export const workspace = {
  async status(): Promise<Status> {
    const s = await call(() => Workspace.Status());
    return {
      state: s.state ?? '',
      message: s.message ?? '',
      dataDir: s.dataDir ?? '',
      ...(s.info ? { info: infoFrom(s.info) } : {}),
    };
  },
  async create(workspaceName: string, memberName: string): Promise<Info> {
    return infoFrom(await call(() => Workspace.Create(workspaceName, memberName)));
  },
  /** Moves the damaged database aside; resolves to where it now is. */
  moveAside(): Promise<string> {
    return call(() => Workspace.MoveAside());
  },
  async info(): Promise<Info> {
    return infoFrom(await call(() => Workspace.Info()));
  },
  /** Fetches the workspace a remote carries and asks to join it. */
  async join(request: JoinRequest): Promise<JoinResult> {
    const r = await call(() => Workspace.Join(request));
    return { info: infoFrom(r.info), ask: r.ask ?? '', keyring: r.keyring ?? '' };
  },
};

// The stores keep their own plain copy of what a binding resolved to, typed
// as the generated class's data (./types Data): JSON.parse gives any, and a
// class's JSON is exactly its fields.
function plain<T>(value: T): Data<T> {
  const copy: Data<T> = JSON.parse(JSON.stringify(value ?? null));
  return copy;
}

export const areas = {
  async snapshot(): Promise<Snapshot> {
    // Cast kept: Go sends Decision.Closed (a pointer without omitempty) and a
    // non-score Tally.Averages (a nil map) as null, where the generated
    // classes say optional and always present, and ExchangeItem.Side as a
    // plain string; ./types narrows these (see Decision, Tally, ExchangeItem).
    return plain(await call(() => Areas.Snapshot())) as Snapshot;
  },
  /**
   * What a change to one area (as the "changed" event names it) may have
   * changed: the name, the vision, the members and that area's lists. The
   * lists of other areas come back null and are left out, so merging the
   * result into a snapshot keeps what it had for them.
   */
  async snapshotOf(area: string): Promise<Partial<Snapshot>> {
    // Cast kept: the same nulls as in snapshot().
    const partial = plain(await call(() => Areas.SnapshotOf(area))) as Snapshot;
    const read: Partial<Snapshot> = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== null));
    // The board is a struct in Go: not read, it comes as lists of null.
    if (partial.canvas.questions === null) delete read.canvas;
    return read;
  },
  /** Your changes not in force: kept until you are let in, or refused, with why and what to do. */
  async myChanges(): Promise<Change[]> {
    // Cast kept: at is Go's time.Time and kind a plain string (see ./types Change).
    return plain(await call(() => Areas.MyChanges())) as Change[];
  },
  resubmit: (id: string) => call(() => Areas.Resubmit(id)),
  /** Applies now changes made while a computer's clock ran ahead (yours, or as a coordinator anyone's). */
  release: (ids: string[]) => call(() => Areas.Release(ids)),
  accept: (ids: string[]) => call(() => Areas.Accept(ids)),
  /** Who you are here and what you may do now, as the backend's rules say. */
  async me(): Promise<MeView> {
    return plain(await call(() => Areas.Me()));
  },
  async home(): Promise<Home> {
    const view = plain(await call(() => Areas.Home()));
    // Cast kept: a Decision's closed and tally.Averages may be null (see snapshot).
    return { ...view.home, decisions: view.home.decisions as Home['decisions'], me: view.me };
  },
  setVision: (text: string) => call(() => Areas.SetVision(text)),
  answerQuestion: (question: string, text: string) => call(() => Areas.AnswerQuestion(question, text)),
  addExchange: (side: ExchangeSide, text: string, part = '', step = '') => call(() => Areas.AddExchange(side, text, part, step)),
  matchExchange: (item: string) => call(() => Areas.MatchExchange(item)),
  addRole: (form: RoleForm) => call(() => Areas.AddRole(form)),
  assignRole: (role: string, member: string) => call(() => Areas.AssignRole(role, member)),
  unassignRole: (role: string, member: string) => call(() => Areas.UnassignRole(role, member)),
  approveMember: (member: string) => call(() => Areas.ApproveMember(member)),
  refuseMember: (member: string) => call(() => Areas.RefuseMember(member)),
  approveDevice: (device: string) => call(() => Areas.ApproveDevice(device)),
  addStep: (form: StepForm) => call(() => Areas.AddStep(form)),
  setStep: (step: string, edit: StepEdit) => call(() => Areas.SetStep(step, edit)),
};

export const deliverable = {
  async part(ref: string): Promise<PartView> {
    // Cast kept: Go sends PartView.Conflict (a pointer without omitempty) as
    // null where the generated class says optional (see ./types PartView).
    return plain(await call(() => Deliverable.Part(ref))) as PartView;
  },
  async history(ref: string): Promise<RevisionText[]> {
    return plain(await call(() => Deliverable.History(ref))) ?? [];
  },
  /** The Markdown rendered and sanitized as the export renders it. */
  preview: (markdown: string) => call(() => Deliverable.Preview(markdown)),
  addPart: (form: PartForm) => call(() => Deliverable.AddPart(form)),
  setPart: (ref: string, edit: PartEdit) => call(() => Deliverable.SetPart(ref, edit)),
  movePart: (ref: string, before: string) => call(() => Deliverable.MovePart(ref, before)),
  /** Saves the text as the part's new revision (autosave); resolves to its id. */
  write: (ref: string, text: string) => call(() => Deliverable.Write(ref, text)),
  resolve: (ref: string, text: string) => call(() => Deliverable.Resolve(ref, text)),
  restore: (ref: string, revision: string) => call(() => Deliverable.Restore(ref, revision)),
  suggest: (ref: string, text: string, note: string) => call(() => Deliverable.Suggest(ref, text, note)),
  accept: (suggestion: string) => call(() => Deliverable.Accept(suggestion)),
  decline: (suggestion: string, note: string) => call(() => Deliverable.Decline(suggestion, note)),
  comment: (ref: string, body: string) => call(() => Deliverable.Comment(ref, body)),
};

export const contributions = {
  async kinds(): Promise<ContributionKind[]> {
    return plain(await call(() => Contributions.Kinds())) ?? [];
  },
  log: (form: ContributionForm) => call(() => Contributions.Log(form)),
  review: (id: string, accept: boolean, note: string) => call(() => Contributions.Review(id, accept, note)),
  async credits(): Promise<Credit[]> {
    return plain(await call(() => Contributions.Credits())) ?? [];
  },
};

export const decisions = {
  propose: (form: ProposalForm) => call(() => Decisions.Propose(form)),
  /** Resolves to true when it replaced your earlier vote. */
  vote: (decision: string, choice: string, reason: string) => call(() => Decisions.Vote(decision, choice, reason)),
  close: (decision: string, form: CloseForm) => call(() => Decisions.Close(decision, form)),
};

export async function activity(filter: ActivityFilter): Promise<ActivityEntry[]> {
  return plain(await call(() => Areas.Activity(filter))) ?? [];
}

export const sync = {
  async remote(): Promise<RemoteView> {
    // Cast kept: Go's RemoteSettings.Method is a plain string; the backend
    // only keeps "", ssh-agent, ssh-key or password (see ./types AuthMethod).
    return plain(await call(() => Sync.Remote())) as RemoteView;
  },
  /** Resolves to where the secret went, or why it could not be kept ("" without one). */
  setRemote: (settings: RemoteSettings, secret = '') => call(() => Sync.SetRemote(settings, secret)),
  setAutoSync: (minutes: number) => call(() => Sync.SetAutoSync(minutes)),
  async now(secret = ''): Promise<SyncSummary> {
    return plain(await call(() => Sync.Sync(secret)));
  },
  async publish(secret = ''): Promise<SyncSummary> {
    return plain(await call(() => Sync.Publish(secret)));
  },
  async last(): Promise<LastSync> {
    return plain(await call(() => Sync.LastSync()));
  },
  async setAside(): Promise<SetAsideItem[]> {
    return plain(await call(() => Sync.SetAside())) ?? [];
  },
};

/** Runs cb with the area each time the shared state changes. Returns the function that stops listening. */
export function onChanged(cb: (area: string) => void): () => void {
  try {
    return EventsOn('changed', (area: string) => cb(area));
  } catch {
    return () => {};
  }
}

/** Runs cb with each stage of a running sync. */
export function onSyncProgress(cb: (p: SyncProgress) => void): () => void {
  try {
    return EventsOn('sync:progress', (p: SyncProgress) => cb(p));
  } catch {
    return () => {};
  }
}

export const shell = {
  async about(): Promise<About> {
    const a = await call(() => Shell.About());
    return { name: a.name ?? '', version: a.version ?? '', goVersion: a.goVersion ?? '', dataDir: a.dataDir ?? '' };
  },
  /** The saved preference: "system", "light" or "dark". */
  theme(): Promise<string> {
    return call(() => Shell.Theme());
  },
  setTheme(theme: string): Promise<void> {
    return call(() => Shell.SetTheme(theme));
  },
  quit(): Promise<void> {
    return call(() => Shell.Quit());
  },
  /** Saves an export (md, html, csv, ics, credits) where the person chooses; resolves to the path, or "" when cancelled. */
  export(format: string): Promise<string> {
    return call(() => Shell.Export(format));
  },
};

/**
 * Runs cb each time the native menu's "About Cairn" is chosen. Returns the
 * function that stops listening. Outside the desktop app (a plain browser)
 * there is no menu, so nothing happens.
 */
export function onMenuAbout(cb: () => void): () => void {
  try {
    const off = EventsOn('menu:about', () => cb());
    return typeof off === 'function' ? off : () => {};
  } catch {
    return () => {};
  }
}
