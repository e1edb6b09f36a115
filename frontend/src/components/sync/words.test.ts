import { describe, expect, it } from 'vitest';
import { dayWords, isoDate, kindWords, problemWords, stagePosition, stageWords, summaryWords, whenWords } from './words';

describe('sync words', () => {
  it('counts in words, singular and plural', () => {
    expect(summaryWords({ stage: 'done', sent: 3, received: 2, applied: 14, held: 0, rejected: 1 })).toBe(
      '3 segments sent, 2 received; 14 changes applied, 0 held, 1 refused.',
    );
    expect(summaryWords({ stage: 'done', sent: 1, received: 0, applied: 1, held: 2, rejected: 0 })).toBe(
      '1 segment sent, 0 received; 1 change applied, 2 held, 0 refused.',
    );
  });

  it('places each stage out of four', () => {
    expect(['export', 'fetch', 'import', 'push', 'done'].map(stagePosition)).toEqual([1, 2, 3, 4, 4]);
    expect(stagePosition('')).toBe(0);
    expect(stageWords('export')).toBe('Preparing your changes');
    expect(stageWords('push')).toBe('Sending');
  });

  it('says what held, refused and the other problems mean', () => {
    expect(kindWords('held')).toBe('held: will be looked at again at the next sync');
    expect(kindWords('refused')).toBe('refused');
    expect(problemWords({ kind: 'clock', reason: 'this computer’s clock was ahead' })).toBe('Your clock: this computer’s clock was ahead');
    expect(problemWords({ kind: 'copy', reason: 'this data folder is a copy' })).toBe('A copied folder: this data folder is a copy');
    expect(problemWords({ kind: 'repaired', reason: 'Cairn put your work back' })).toBe('Your shared copy was put back: Cairn put your work back');
    expect(kindWords('damaged')).toContain('what could be taken was taken');
    expect(problemWords({ segment: 'r2-1.seg', kind: 'held', reason: 'it waits for earlier changes' })).toBe(
      'Held: will be looked at again at the next sync (segment r2-1.seg): it waits for earlier changes',
    );
  });

  it('says when in words', () => {
    const now = new Date(2026, 2, 14, 18, 0);
    expect(whenWords('', now)).toBe('never');
    expect(whenWords(new Date(2026, 2, 14, 10, 30).toISOString(), now)).toMatch(/^today at 10:30/);
    expect(whenWords(new Date(2026, 2, 13, 9, 5).toISOString(), now)).toMatch(/^yesterday at 0?9:05/);
    const older = whenWords(new Date(2026, 0, 2, 9, 5).toISOString(), now);
    expect(older).toMatch(/^on .*2026 at /);
    expect(whenWords('not a time', now)).toBe('not a time');
  });

  it('writes dates the local way', () => {
    expect(isoDate(new Date(2026, 0, 5))).toBe('2026-01-05');
    expect(dayWords('2026-12-10')).toContain('2026');
    expect(dayWords('2026-12-10')).not.toContain('2026-12-10');
    expect(dayWords('')).toBe('');
  });
});
