// A stand-in for src/api in tests: the real errors and types, with every
// call to the backend replaced by a mock. Use it as
//   vi.mock('../api', () => import('../test/fakeApi'));
import { vi } from 'vitest';
import type {
  About,
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

export const areas = {
  snapshot: vi.fn<() => Promise<Snapshot>>(),
  home: vi.fn<() => Promise<Home>>(),
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
