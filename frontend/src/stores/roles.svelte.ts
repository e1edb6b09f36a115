// What the Roles page computes from the shared state: who holds what, who
// is responsible and who is consulted, who waits to be let in; and the
// checks a new role passes before it is sent (the Go side's limits).

import type { Member, RoleForm, Snapshot } from '../api';
import { characterCount } from '../validation';
import { byteLength, formatNumber } from './vision.svelte';
import * as limits from '../api/limits';

export type Permission = 'coordinate' | 'validate' | 'contribute' | 'observe';

export const permissions: readonly { value: Permission; label: string; hint: string }[] = [
  { value: 'coordinate', label: 'Coordinate', hint: 'plan the work, define and give roles, let members in' },
  { value: 'validate', label: 'Validate', hint: 'review and accept contributions and parts' },
  { value: 'contribute', label: 'Contribute', hint: 'write, suggest and take part in decisions' },
  { value: 'observe', label: 'Observe', hint: 'read everything and comment, nothing more: someone whose roles only observe cannot write, vote or log work' },
];

/** "Validate, contribute" for ["validate", "contribute"]. */
export function permissionWords(can: readonly string[]): string {
  const words = can.map((c) => permissions.find((p) => p.value === c)?.label.toLowerCase() ?? c);
  const text = words.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const maxRoleNameChars = limits.maxNameChars;
/** roles.MaxTextBytes: Who, When and How, a paragraph each. */
export const maxRoleTextBytes = limits.maxRoleTextBytes;

export type RoleField = 'name' | 'who' | 'when' | 'how' | 'can';
export const roleFields: readonly RoleField[] = ['name', 'who', 'when', 'how', 'can'];
export type RoleErrors = Partial<Record<RoleField | 'form', string>>;

const textLabels: Record<'who' | 'when' | 'how', string> = { who: 'Who', when: 'When', how: 'How' };

/** What is wrong with a new role, field by field; empty when it can be sent. */
export function checkRole(form: RoleForm): RoleErrors {
  const errors: RoleErrors = {};
  const name = form.name.trim();
  if (name === '') errors.name = 'Give the role a name.';
  else if (characterCount(name) > maxRoleNameChars) {
    errors.name = `Keep the name to ${maxRoleNameChars} characters or fewer (this one has ${characterCount(name)}).`;
  }
  for (const field of ['who', 'when', 'how'] as const) {
    const bytes = byteLength(form[field]);
    if (bytes > maxRoleTextBytes) {
      errors[field] = `Keep ${textLabels[field]} under ${formatNumber(maxRoleTextBytes)} bytes (this is ${formatNumber(bytes)}): a paragraph, so everyone reads it.`;
    }
  }
  if (form.can.length === 0) errors.can = 'Choose at least one thing the role may do.';
  return errors;
}

/** Members who are in: approved and not removed. */
export function currentMembers(snapshot: Snapshot | null): Member[] {
  return (snapshot?.members ?? []).filter((m) => m.approved && !m.removed);
}

/** People asking to join as new members. */
export function joinRequests(snapshot: Snapshot | null): Member[] {
  return (snapshot?.members ?? []).filter((m) => !m.approved && !m.removed && !m.asksDeviceOf);
}

/** Computers asking to act as me. */
export function deviceRequests(snapshot: Snapshot | null, me: string): Member[] {
  if (!me) return [];
  return (snapshot?.members ?? []).filter((m) => m.asksDeviceOf === me);
}

/** A member's name as people see it, even before they are approved. */
export function displayName(member: Member): string {
  return member.name || `Member ${member.key.slice(0, 8)}`;
}

export function holdsRole(member: Member, roleId: string): boolean {
  return member.roles.includes(roleId);
}

/*
 * Who is responsible (R) and who is consulted (C), the rule:
 *
 *   R  A step's or a part's owner. When the owner is a role, every member
 *      holding that role is responsible.
 *   C  For a part: its writers. For a step: the owners and writers of the
 *      parts the step works on (step.parts), expanded the same way.
 *
 * Someone who is both is shown as R only. Steps or parts without an owner
 * have no R. Only current members (approved, not removed) have a column.
 */
export type Mark = 'R' | 'C';

export interface ResponsibilityRow {
  kind: 'step' | 'part';
  id: string;
  title: string;
  /** Member key -> mark; members not involved are absent. */
  marks: Record<string, Mark>;
}

/** The members an owner stands for: the member, or the holders of the role. */
export function holdersOf(snapshot: Snapshot, owner: string): string[] {
  if (!owner) return [];
  const role = snapshot.roles.find((r) => r.id === owner);
  if (role) return role.members;
  return [owner];
}

function mark(marks: Record<string, Mark>, keys: string[], value: Mark): void {
  for (const key of keys) {
    if (marks[key] !== 'R') marks[key] = value;
  }
}

export function responsibilities(snapshot: Snapshot | null): { steps: ResponsibilityRow[]; parts: ResponsibilityRow[] } {
  if (!snapshot) return { steps: [], parts: [] };
  const partRow = (id: string) => snapshot.parts.find((p) => p.id === id);
  const steps = snapshot.steps.map((step) => {
    const marks: Record<string, Mark> = {};
    mark(marks, holdersOf(snapshot, step.owner), 'R');
    for (const id of step.parts) {
      const part = partRow(id);
      if (!part) continue;
      mark(marks, holdersOf(snapshot, part.owner), 'C');
      mark(marks, part.writers.flatMap((w) => holdersOf(snapshot, w)), 'C');
    }
    return { kind: 'step' as const, id: step.id, title: step.title, marks };
  });
  const parts = snapshot.parts.map((part) => {
    const marks: Record<string, Mark> = {};
    mark(marks, holdersOf(snapshot, part.owner), 'R');
    mark(marks, part.writers.flatMap((w) => holdersOf(snapshot, w)), 'C');
    return { kind: 'part' as const, id: part.id, title: part.title, marks };
  });
  return { steps, parts };
}
