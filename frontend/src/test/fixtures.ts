import type { Info, Status } from '../api/types';

export const info: Info = {
  workspaceId: 'ws-1',
  workspaceName: 'Open Seeds Guide',
  memberName: 'Amina',
  publicKey: 'ed25519:AAAA',
  keyFingerprint: 'SHA256:abcd efgh ijkl',
  replicaId: 'r-42',
  createdAt: '2025-03-14T09:26:53Z',
  dataDir: '/home/amina/.local/share/cairn',
};

export function status(state: string, extra: Partial<Status> = {}): Status {
  return { state, message: '', dataDir: '/home/amina/.local/share/cairn', ...extra };
}
