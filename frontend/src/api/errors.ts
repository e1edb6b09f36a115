// Every failure of a bound call reaches the app as a CairnError: a code for
// the program to decide on, a message written for the person, and the form
// field it is about, if any.

// The codes of backend/errs/errs.go, exactly: a Go test (backend/errs)
// fails when the two lists differ.
export type ErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'unchanged'
  | 'busy'
  | 'corrupt'
  | 'too_new'
  | 'unwritable'
  | 'internal';

/** Shown when the failure carries no sentence we can show to a person. */
export const unexpectedMessage =
  'Something unexpected went wrong inside Cairn. Please try again, or restart Cairn if it keeps happening.';

export class CairnError extends Error {
  readonly code: ErrorCode;
  /** The input the message is about ("workspaceName", "memberName"), or "". */
  readonly field: string;

  constructor(code: ErrorCode, field: string, message: string) {
    super(message);
    this.name = 'CairnError';
    this.code = code;
    this.field = field;
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A CairnError from {code, field, message}, or null when there is no message to show. */
function fromFields(value: unknown): CairnError | null {
  if (!value || typeof value !== 'object' || value instanceof Error) return null;
  const o = value as Record<string, unknown>;
  const message = str(o.message);
  return message ? new CairnError((str(o.code) || 'internal') as ErrorCode, str(o.field), message) : null;
}

function fromJSON(text: string): CairnError | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    return fromFields(JSON.parse(trimmed));
  } catch {
    return null; // not JSON after all
  }
}

/**
 * Turns whatever a rejected call gave us into a CairnError.
 *
 * The Go side rejects with a string: either JSON
 * `{"code":"invalid","field":"memberName","message":"..."}` or a plain
 * sentence, which is then the message of an "internal" error.
 */
export function toCairnError(reason: unknown): CairnError {
  if (reason instanceof CairnError) return reason;
  if (typeof reason === 'string') {
    return fromJSON(reason) ?? new CairnError('internal', '', reason.trim() || unexpectedMessage);
  }
  // Served to a browser (the dev server), the runtime wraps the same JSON
  // in an Error.
  if (reason instanceof Error) {
    const wrapped = fromJSON(reason.message);
    if (wrapped) return wrapped;
  }
  // The same fields as a plain object, should a rejection arrive decoded.
  const decoded = fromFields(reason);
  if (decoded) return decoded;
  // A JavaScript error (for example the bindings missing outside the desktop
  // app): its words are for developers, so keep them out of sight.
  const error = new CairnError('internal', '', unexpectedMessage);
  if (reason !== undefined) error.cause = reason;
  return error;
}
