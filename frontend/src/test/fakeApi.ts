// A stand-in for src/api in tests: the real errors and types, with every
// call to the backend replaced by a mock. Use it as
//   vi.mock('../api', () => import('../test/fakeApi'));
import { vi } from 'vitest';
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
} from '../api/types';

export { CairnError, toCairnError, unexpectedMessage } from '../api/errors';
export * from '../api/types';

export const workspace = {
  status: vi.fn<() => Promise<Status>>(),
  create: vi.fn<(workspaceName: string, memberName: string) => Promise<Info>>(),
  moveAside: vi.fn<() => Promise<string>>(),
  info: vi.fn<() => Promise<Info>>(),
  join: vi.fn<(request: JoinRequest) => Promise<JoinResult>>(),
};

export const shell = {
  about: vi.fn<() => Promise<About>>(),
  theme: vi.fn<() => Promise<string>>(() => Promise.resolve('system')),
  setTheme: vi.fn<(theme: string) => Promise<void>>(() => Promise.resolve()),
  quit: vi.fn<() => Promise<void>>(() => Promise.resolve()),
  export: vi.fn<(format: string) => Promise<string>>(),
};

export const onMenuAbout = vi.fn<(cb: () => void) => () => void>(() => () => {});

const snapshotMock = vi.fn<() => Promise<Snapshot>>();

export const areas = {
  snapshot: snapshotMock,
  // By default a read of one area answers with the whole fake state, as
  // the tests set it through snapshot.
  snapshotOf: vi.fn<(area: string) => Promise<Partial<Snapshot>>>((): Promise<Partial<Snapshot>> => snapshotMock()),
  home: vi.fn<() => Promise<Home>>(),
  myChanges: vi.fn<() => Promise<Change[]>>(() => Promise.resolve([])),
  resubmit: vi.fn<(id: string) => Promise<string>>(() => Promise.resolve('new')),
  release: vi.fn<(ids: string[]) => Promise<string[]>>((ids) => Promise.resolve(ids.map(() => 'release'))),
  accept: vi.fn<(ids: string[]) => Promise<string[]>>((ids) => Promise.resolve(ids.map(() => 'accept'))),
  me: vi.fn<() => Promise<MeView>>(() => Promise.resolve({ key: '', may: { coordinate: false, validate: false, contribute: false } })),
  setVision: vi.fn<(text: string) => Promise<void>>(() => Promise.resolve()),
  answerQuestion: vi.fn<(question: string, text: string) => Promise<void>>(() => Promise.resolve()),
  addExchange: vi.fn<(side: 'offer' | 'need', text: string, part?: string, step?: string) => Promise<string>>(),
  matchExchange: vi.fn<(item: string) => Promise<void>>(() => Promise.resolve()),
  addRole: vi.fn<(form: RoleForm) => Promise<string>>(),
  assignRole: vi.fn<(role: string, member: string) => Promise<void>>(() => Promise.resolve()),
  unassignRole: vi.fn<(role: string, member: string) => Promise<void>>(() => Promise.resolve()),
  approveMember: vi.fn<(member: string) => Promise<void>>(() => Promise.resolve()),
  refuseMember: vi.fn<(member: string) => Promise<void>>(() => Promise.resolve()),
  approveDevice: vi.fn<(device: string) => Promise<void>>(() => Promise.resolve()),
  addStep: vi.fn<(form: StepForm) => Promise<string>>(),
  setStep: vi.fn<(step: string, edit: StepEdit) => Promise<void>>(() => Promise.resolve()),
};

export const sync = {
  remote: vi.fn<() => Promise<RemoteView>>(),
  setRemote: vi.fn<(settings: RemoteSettings, secret?: string) => Promise<string>>(() => Promise.resolve('')),
  setAutoSync: vi.fn<(minutes: number) => Promise<void>>(() => Promise.resolve()),
  now: vi.fn<(secret?: string) => Promise<SyncSummary>>(),
  publish: vi.fn<(secret?: string) => Promise<SyncSummary>>(),
  last: vi.fn<() => Promise<LastSync>>(),
  setAside: vi.fn<() => Promise<SetAsideItem[]>>(() => Promise.resolve([])),
};

export const onChanged = vi.fn<(cb: (area: string) => void) => () => void>(() => () => {});
export const onSyncProgress = vi.fn<(cb: (p: SyncProgress) => void) => () => void>(() => () => {});

export const deliverable = {
  part: vi.fn<(ref: string) => Promise<PartView>>(),
  history: vi.fn<(ref: string) => Promise<RevisionText[]>>(() => Promise.resolve([])),
  preview: vi.fn<(markdown: string) => Promise<string>>((md) => Promise.resolve(`<p>${md}</p>`)),
  addPart: vi.fn<(form: PartForm) => Promise<string>>(),
  setPart: vi.fn<(ref: string, edit: PartEdit) => Promise<void>>(() => Promise.resolve()),
  movePart: vi.fn<(ref: string, before: string) => Promise<void>>(() => Promise.resolve()),
  write: vi.fn<(ref: string, text: string) => Promise<string>>(() => Promise.resolve('rev')),
  resolve: vi.fn<(ref: string, text: string) => Promise<string>>(() => Promise.resolve('rev')),
  restore: vi.fn<(ref: string, revision: string) => Promise<string>>(() => Promise.resolve('rev')),
  suggest: vi.fn<(ref: string, text: string, note: string) => Promise<string>>(() => Promise.resolve('sug')),
  accept: vi.fn<(suggestion: string) => Promise<string>>(() => Promise.resolve('rev')),
  decline: vi.fn<(suggestion: string, note: string) => Promise<void>>(() => Promise.resolve()),
  comment: vi.fn<(ref: string, body: string) => Promise<void>>(() => Promise.resolve()),
};

export const contributions = {
  kinds: vi.fn<() => Promise<ContributionKind[]>>(() => Promise.resolve([])),
  log: vi.fn<(form: ContributionForm) => Promise<string>>(),
  review: vi.fn<(id: string, accept: boolean, note: string) => Promise<void>>(() => Promise.resolve()),
  credits: vi.fn<() => Promise<Credit[]>>(() => Promise.resolve([])),
};

export const decisions = {
  propose: vi.fn<(form: ProposalForm) => Promise<string>>(),
  vote: vi.fn<(decision: string, choice: string, reason: string) => Promise<boolean>>(() => Promise.resolve(false)),
  close: vi.fn<(decision: string, form: CloseForm) => Promise<void>>(() => Promise.resolve()),
};

export const activity = vi.fn<(filter: ActivityFilter) => Promise<ActivityEntry[]>>(() => Promise.resolve([]));
