// A stand-in for src/api in tests: the real errors and types, with every
// call to the backend replaced by a mock. Use it as
//   vi.mock('../api', () => import('../test/fakeApi'));
import { vi } from 'vitest';
import type { About, Info, JoinRequest, JoinResult, Status } from '../api/types';

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
};

export const onMenuAbout = vi.fn<(cb: () => void) => () => void>(() => () => {});
