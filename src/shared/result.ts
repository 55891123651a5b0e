/** Every command answers with a Result: errors are values with a stable code, never thrown across a boundary. */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_command'
  | 'unauthenticated'
  | 'forbidden'
  | 'forbidden_sender'
  | 'bad_credentials'
  | 'locked_out'
  | 'not_found'
  | 'conflict'
  | 'invalid_event'
  | 'schema_too_new'
  /** A badge has a character its font cannot draw; the details name it. */
  | 'missing_glyph'
  /** The printer is stopped, missing or refused the job; the badge stays in the queue. */
  | 'printer_unavailable'
  | 'internal'
  /** The channel failed: no answer, or an answer that is not a Result. Made by the renderer's transport. */
  | 'unreachable';

export interface AppError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const err = (code: ErrorCode, message: string, details?: unknown): { ok: false; error: AppError } =>
  details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };

/** Thrown inside core code to abort a handler (and its transaction) with a typed error. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

/** A thrown error as a message between threads can carry it: an AppFailure's own code, anything else 'internal'. */
export const failureOf = (e: unknown): { code: ErrorCode; message: string } => ({
  code: e instanceof AppFailure ? e.code : 'internal',
  message: e instanceof Error ? e.message : String(e),
});
