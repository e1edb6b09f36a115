import { describe, expect, it } from 'vitest';
import { checkCanvasText, checkVision, linkOf, myAnswer } from './vision.svelte';
import { anaKey, boKey, snapshot } from '../test/snapshot';

describe('vision checks', () => {
  it('refuses an empty vision and one over 20,000 bytes', () => {
    expect(checkVision('  ')).toContain('empty');
    expect(checkVision('ü'.repeat(10000))).toBeNull();
    expect(checkVision('ü'.repeat(10001))).toContain('20,002 bytes');
  });

  it('refuses an empty answer and one over 4,000 bytes', () => {
    expect(checkCanvasText('')).toBe('Write a few words first.');
    expect(checkCanvasText('x'.repeat(4000))).toBeNull();
    expect(checkCanvasText('x'.repeat(4001))).toContain('4,001');
  });
});

describe('canvas', () => {
  it('finds your answer', () => {
    expect(myAnswer(snapshot(), 'content', boKey)).toBe('A sampling method.');
    expect(myAnswer(snapshot(), 'content', anaKey)).toBe('');
    expect(myAnswer(snapshot(), 'content', '')).toBe('');
  });

  it('names the linked part and step', () => {
    const s = snapshot();
    expect(linkOf(s, { item: 'x', side: 'need', member: anaKey, text: 't', part: 'p1' })).toBe('Part: Why rivers');
    expect(linkOf(s, { item: 'x', side: 'need', member: anaKey, text: 't', step: 's3' })).toBe('Step: Guide ready');
    expect(linkOf(s, { item: 'x', side: 'need', member: anaKey, text: 't' })).toBe('');
  });
});
