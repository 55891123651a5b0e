import type { MessagePort } from 'node:worker_threads';
import type { ErrorCode } from '../../../shared/result';
import type { ParseEvent } from './parse';

/**
 * What joins a parse thread to its writer: the port the chunks come on and three shared Int32 counters, at the
 * indexes below — messages posted, messages taken, and 1 once whoever started the thread saw it stop.
 */
export interface ParseLink {
  port: MessagePort;
  counters: SharedArrayBuffer;
}

export const POSTED = 0;
export const TAKEN = 1;
export const STOPPED = 2;
export const COUNTERS_BYTES = 3 * Int32Array.BYTES_PER_ELEMENT;

export type ParseMessage = ParseEvent | { kind: 'failed'; code: ErrorCode; message: string };
