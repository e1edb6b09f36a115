import { describe, expect, it } from 'vitest';
import { CairnError, toCairnError, unexpectedMessage } from './errors';

describe('toCairnError', () => {
  it('reads code, field and message from a JSON rejection', () => {
    const e = toCairnError('{"code":"invalid","field":"memberName","message":"Your name is too long."}');
    expect(e).toBeInstanceOf(CairnError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('invalid');
    expect(e.field).toBe('memberName');
    expect(e.message).toBe('Your name is too long.');
  });

  it('keeps the Go side’s codes as they are', () => {
    const e = toCairnError('{"code":"not_found","field":"member","message":"Nobody called \\"Bo\\" is known here."}');
    expect([e.code, e.field, e.message]).toEqual(['not_found', 'member', 'Nobody called "Bo" is known here.']);
    expect(toCairnError('{"code":"unchanged","message":"Nothing to save."}').code).toBe('unchanged');
  });

  it('defaults a missing field to "" and a missing code to internal', () => {
    const e = toCairnError('{"message":"The disk is full."}');
    expect(e.code).toBe('internal');
    expect(e.field).toBe('');
    expect(e.message).toBe('The disk is full.');
  });

  it('reads the same fields from an object', () => {
    const e = toCairnError({ code: 'busy', field: '', message: 'Cairn is already running.' });
    expect(e).toMatchObject({ code: 'busy', field: '', message: 'Cairn is already running.' });
  });

  it('treats a plain string as the message of an internal error', () => {
    const e = toCairnError('database is locked');
    expect(e.code).toBe('internal');
    expect(e.field).toBe('');
    expect(e.message).toBe('database is locked');
  });

  it('keeps text that only looks like JSON as the message', () => {
    expect(toCairnError('{not json').message).toBe('{not json');
    // JSON without a message says nothing a person can act on: show it as is.
    expect(toCairnError('{"code":"invalid"}').message).toBe('{"code":"invalid"}');
  });

  it('reads the JSON the dev server wraps in an Error', () => {
    const e = toCairnError(new Error('{"code":"invalid","field":"name","message":"Someone called Ana is already here."}'));
    expect([e.code, e.field, e.message]).toEqual(['invalid', 'name', 'Someone called Ana is already here.']);
  });

  it('hides JavaScript errors behind a plain sentence', () => {
    const cause = new TypeError("Cannot read properties of undefined (reading 'app')");
    const e = toCairnError(cause);
    expect(e.code).toBe('internal');
    expect(e.message).toBe(unexpectedMessage);
    expect(e.cause).toBe(cause);
  });

  it('uses the plain sentence for an empty string', () => {
    expect(toCairnError('  ').message).toBe(unexpectedMessage);
  });

  it('passes a CairnError through unchanged', () => {
    const original = new CairnError('conflict', 'workspaceName', 'Taken.');
    expect(toCairnError(original)).toBe(original);
  });
});
