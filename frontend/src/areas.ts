// The areas of a workspace, in sidebar order. The sidebar, the keyboard
// shortcuts and the empty states all read this one list.

export type AreaId =
  | 'home'
  | 'vision'
  | 'roadmap'
  | 'roles'
  | 'deliverable'
  | 'contributions'
  | 'decisions'
  | 'activity'
  | 'sync'
  | 'settings';

export interface Area {
  id: AreaId;
  title: string;
  /** SVG path data on a 24×24 grid, drawn as 2px strokes. */
  icon: string[];
  /** What the area is for, in the community's words. */
  purpose: string;
  /** The questions of the community's board that this area answers. */
  questions: string[];
  /** False while the area only shows its empty state. */
  built: boolean;
}

export const areas: readonly Area[] = [
  {
    id: 'home',
    title: 'Home',
    icon: ['M3 11 12 4l9 7', 'M5 10v10h5v-6h4v6h5V10'],
    purpose:
      'Your workspace at a glance: where the shared outcome stands, what is waiting for you, and what others did since you last looked.',
    questions: [],
    built: true,
  },
  {
    id: 'vision',
    title: 'Vision',
    icon: ['M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7-10-7-10-7Z', 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6Z'],
    purpose:
      'The shared vision and goals that hold the work together, the community’s answers to the board’s questions, and the offers and needs of each member.',
    questions: [
      'What content must be curated, synthesised or co-created? What expertise does that need, and which methods will we use?',
      'What can I do for others, and what can others do for me?',
    ],
    built: true,
  },
  {
    id: 'roadmap',
    title: 'Roadmap',
    icon: ['M5 21V4', 'M5 4h11l-2 4 2 4H5'],
    purpose:
      'The steps and milestones of the work: what each step produces, who owns it, when it is due and where it stands.',
    questions: [
      'How do we coordinate members’ work towards the agreed objectives, with a sustained action plan?',
    ],
    built: true,
  },
  {
    id: 'roles',
    title: 'Roles',
    icon: [
      'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Z',
      'M2.5 20c.6-3.6 3.2-5.5 6.5-5.5s5.9 1.9 6.5 5.5',
      'M16 4.3a3.5 3.5 0 0 1 0 6.4',
      'M18 14.8c1.9.7 3.1 2.4 3.5 5.2',
    ],
    purpose:
      'Roles and steps: Who, When, How. Governance applied to co-creation, so that everyone knows what is expected of them.',
    questions: [],
    built: true,
  },
  {
    id: 'deliverable',
    title: 'Deliverable',
    icon: ['M6 3h8l5 5v13H6Z', 'M14 3v5h5', 'M9 13h7', 'M9 17h5'],
    purpose:
      'The concrete, shared outcome, part by part: each part with its brief, its owner or writers, and its text. Anyone can suggest and comment.',
    questions: [
      'How do we make sure co-creation runs from beginning to end and ends in a concrete, shared outcome?',
    ],
    built: true,
  },
  {
    id: 'contributions',
    title: 'Contributions',
    icon: ['M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.3-4.1 5.9-.9Z'],
    purpose:
      'Who did what, so that every contribution is seen and credited. Each one is linked to the parts and steps it served, and submitted work is reviewed before it is accepted.',
    questions: [],
    built: true,
  },
  {
    id: 'decisions',
    title: 'Decisions',
    icon: ['M4 4h16v16H4Z', 'm8 12 3 3 5-6'],
    purpose:
      'How do we consult and validate? Anyone can make a proposal; members answer by consent, consensus, advice, poll or score, give their reasons, and the outcome is recorded for all.',
    questions: [],
    built: true,
  },
  {
    id: 'activity',
    title: 'Activity',
    icon: ['M3 12h4l3-7 4 14 3-7h4'],
    purpose: 'A timeline of everything that happens in the workspace: who did what, and when.',
    questions: [],
    built: true,
  },
  {
    id: 'sync',
    title: 'Sync',
    icon: ['M20 11a8 8 0 0 0-14.3-4.9', 'M4 3v4h4', 'M4 13a8 8 0 0 0 14.3 4.9', 'M20 21v-4h-4'],
    purpose:
      'Exchange work with the other members through a shared place your community already has: a folder on a shared drive or a USB stick, or a server. You work offline as long as you like; a sync sends what you did and brings in what others did.',
    questions: [],
    built: true,
  },
  {
    id: 'settings',
    title: 'Settings',
    icon: ['M4 7h9', 'M17 7h3', 'M15 5v4', 'M4 17h3', 'M11 17h9', 'M9 15v4'],
    purpose: 'Who you are in this workspace, where Cairn keeps its data, and how Cairn looks.',
    questions: [],
    built: true,
  },
];

export const defaultArea: AreaId = 'home';

export function areaById(id: AreaId): Area {
  const found = areas.find((a) => a.id === id);
  if (!found) throw new Error(`unknown area ${id}`);
  return found;
}

/** The shortcut shown next to an area: "Ctrl+1" … "Ctrl+9", and "Ctrl+," for Settings. */
export function shortcutLabel(id: AreaId): string {
  if (id === 'settings') return 'Ctrl+,';
  const index = areas.findIndex((a) => a.id === id);
  return index >= 0 && index < 9 ? `Ctrl+${index + 1}` : '';
}
