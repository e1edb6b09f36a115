// Checks the same limits as the Go side, so a person hears about a problem
// before anything is sent. Lengths count characters as Go counts runes.
import * as limits from './api/limits';

export const maxNameLength = limits.maxNameChars;

export type NameKind = 'workspaceName' | 'memberName';

const emptyMessages: Record<NameKind, string> = {
  workspaceName: 'Please give your workspace a name.',
  memberName: 'Please enter your name, as the others will see it.',
};

export function characterCount(value: string): number {
  return [...value].length;
}

/** Returns what is wrong with the name, or null when it can be used. */
export function validateName(kind: NameKind, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return emptyMessages[kind];
  const count = characterCount(trimmed);
  if (count > maxNameLength) {
    return `Please keep it to ${maxNameLength} characters or fewer (this one has ${count}).`;
  }
  return null;
}
