// What the Vision page computes from the shared state, and the limits it
// checks before anything is sent (the same as the Go side's: texts are
// measured in bytes of UTF-8, as Go's len counts them).

import type { Answer, CairnError, ExchangeItem, Snapshot } from '../api';
import * as limits from '../api/limits';

/** oplog.MaxVisionBytes */
export const maxVisionBytes = limits.maxVisionBytes;
/** canvas.MaxTextBytes: an answer, an offer or a need. */
export const maxCanvasBytes = limits.maxCanvasBytes;

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat('en').format(n);
}

/** What is wrong with a vision, or null when it can be saved. */
export function checkVision(text: string): string | null {
  if (text.trim() === '') return 'The vision is empty. Write what the community wants to achieve together.';
  const bytes = byteLength(text);
  if (bytes > maxVisionBytes) {
    return `The vision is ${formatNumber(bytes)} bytes long; keep it under ${formatNumber(maxVisionBytes)}.`;
  }
  return null;
}

/** What is wrong with an answer, an offer or a need, or null. */
export function checkCanvasText(text: string): string | null {
  if (text.trim() === '') return 'Write a few words first.';
  const bytes = byteLength(text);
  if (bytes > maxCanvasBytes) {
    return `This is ${formatNumber(bytes)} bytes long; keep it under ${formatNumber(maxCanvasBytes)}.`;
  }
  return null;
}

export function answersTo(snapshot: Snapshot | null, question: string): Answer[] {
  return (snapshot?.canvas.answers ?? []).filter((a) => a.question === question);
}

/** Your answer to a question, or "" when you gave none. */
export function myAnswer(snapshot: Snapshot | null, question: string, me: string): string {
  if (!me) return '';
  return answersTo(snapshot, question).find((a) => a.member === me)?.text ?? '';
}

export function exchangeOn(snapshot: Snapshot | null, side: 'offer' | 'need'): ExchangeItem[] {
  return (snapshot?.canvas.exchange ?? []).filter((x) => x.side === side);
}

/** "Part: Methods", "Step: Analyse samples", both, or "" when not linked. */
export function linkOf(snapshot: Snapshot | null, item: ExchangeItem): string {
  const words: string[] = [];
  if (item.part) {
    const part = snapshot?.parts.find((p) => p.id === item.part);
    words.push(`Part: ${part?.title || item.part}`);
  }
  if (item.step) {
    const step = snapshot?.steps.find((s) => s.id === item.step);
    words.push(`Step: ${step?.title || item.step}`);
  }
  return words.join(' · ');
}

/** Messages by the input they belong to; "form" is for the rest. */
export type FieldErrors<F extends string> = Partial<Record<F | 'form', string>>;

/** Puts a refusal next to its field when the form has that field, else above it. */
export function errorsFrom<F extends string>(error: CairnError, fields: readonly F[]): FieldErrors<F> {
  const field = fields.find((f) => f === error.field);
  const errors: FieldErrors<F> = {};
  if (field) errors[field] = error.message;
  else errors.form = error.message;
  return errors;
}
