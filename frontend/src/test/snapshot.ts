// A small shared state for component tests: a coordinator, a member who
// asks to join, two roles, three steps with a milestone, two parts.
import type { MeView, Part, PartMay, Snapshot } from '../api/types';

export const anaKey = 'a'.repeat(64);
export const boKey = 'b'.repeat(64);
export const cleoKey = 'c'.repeat(64);

export function snapshot(extra: Partial<Snapshot> = {}): Snapshot {
  return {
    name: 'River Guide',
    vision: 'A field guide any river group can use.',
    members: [
      { key: anaKey, name: 'Ana', approved: true, removed: false, permissions: ['contribute', 'coordinate', 'validate'], roles: [], devices: ['r1'] },
      { key: boKey, name: 'Bo', approved: true, removed: false, permissions: ['contribute', 'validate'], roles: ['editor'], devices: ['r2'] },
      { key: cleoKey, name: 'Cleo', approved: false, removed: false, permissions: [], roles: [], devices: ['r3'] },
    ],
    roles: [
      { id: 'editor', name: 'Editor', who: 'One experienced member', when: 'Each Friday', how: 'Reviews and validates', can: ['validate', 'contribute'], members: [boKey], names: ['Bo'] },
      { id: 'writer', name: 'Writer', who: 'Anyone writing a part', when: 'Any time', how: 'Drafts', can: ['contribute'], members: [], names: [] },
    ],
    steps: [
      { id: 's1', title: 'Survey the rivers', description: '', status: 'done', start: '2026-11-01', due: '2026-12-10', owner: anaKey, ownerName: 'Ana', after: [], parts: [], milestone: false, finished: 0, total: 0 },
      { id: 's2', title: 'Analyse samples', description: '', status: 'active', start: '2026-12-11', due: '2026-12-20', owner: 'editor', ownerName: 'Editor', after: ['s1'], parts: ['p2'], milestone: false, finished: 0, total: 0 },
      { id: 's3', title: 'Guide ready', description: '', status: 'planned', start: '', due: '2027-01-31', owner: '', ownerName: '', after: ['s2'], parts: [], milestone: true, finished: 1, total: 2 },
    ],
    parts: [
      { id: 'p1', title: 'Why rivers', position: 'V', brief: '', kind: 'synthesise', mode: 'cooperation', owner: anaKey, writers: [], text: 'Rivers carry stories.\n', heads: ['h1'], conflicted: false },
      { id: 'p2', title: 'Methods', position: 'k', brief: '', kind: 'co-create', mode: 'collaboration', owner: anaKey, writers: [boKey], text: '', heads: [], conflicted: false },
    ],
    suggestions: [],
    contributions: [],
    decisions: [],
    canvas: {
      questions: [
        { ID: 'content', Text: 'What content must be curated, synthesised or co-created?' },
        { ID: 'exchange', Text: 'What can I do for others, and what can others do for me?' },
      ],
      answers: [{ question: 'content', member: boKey, text: 'A sampling method.' }],
      exchange: [
        { item: 'x1', side: 'offer', member: boKey, text: 'Portuguese translation' },
        { item: 'x2', side: 'need', member: anaKey, text: 'Photos of the estuary' },
      ],
    },
    devices: {},
    ...extra,
  };
}

/**
 * What the fake backend tells a reader they may do with a part. The app
 * never works this out: the real backend sends it with each part's view.
 * The fixture parts follow the backend's rules (everyone here contributes,
 * Ana coordinates), so the pages meet realistic answers.
 */
export function partMay(part: Part, reader: string): PartMay {
  const owns = part.owner === reader;
  const writes = owns || (part.mode === 'collaboration' && (part.writers.length === 0 || part.writers.includes(reader)));
  return { write: writes, suggest: !writes, review: owns, changeSettings: owns || reader === anaKey };
}

/**
 * Who the fake backend says the reader is and may be: from the fixture
 * members' permissions, as the real backend works it out.
 */
export function meOf(state: Snapshot, reader: string): MeView {
  const member = state.members.find((m) => m.key === reader);
  const holds = (p: string) => !!member && !member.removed && member.permissions.includes(p);
  return { key: reader, may: { coordinate: holds('coordinate'), validate: holds('validate'), contribute: holds('contribute') } };
}
