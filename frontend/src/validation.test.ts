import { describe, expect, it } from 'vitest';
import { validateName, maxNameLength } from './validation';

describe('validateName', () => {
  it('refuses empty and blank names', () => {
    expect(validateName('workspaceName', '')).toMatch(/name/);
    expect(validateName('memberName', '   \t')).toMatch(/your name/i);
  });

  it('accepts up to 80 characters after trimming', () => {
    expect(validateName('workspaceName', `  ${'a'.repeat(maxNameLength)}  `)).toBeNull();
    expect(validateName('workspaceName', 'a'.repeat(maxNameLength + 1))).toMatch(/80 characters or fewer \(this one has 81\)/);
  });

  it('counts characters, not UTF-16 units', () => {
    // 80 emoji are 160 UTF-16 units but 80 characters, as Go counts them.
    expect(validateName('memberName', '🌱'.repeat(80))).toBeNull();
    expect(validateName('memberName', 'é'.repeat(81))).not.toBeNull();
  });
});
