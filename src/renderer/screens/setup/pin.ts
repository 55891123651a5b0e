import { pinSchema } from '../../../shared/contract';

export type PinProblem = 'format' | 'mismatch' | null;

/** The same PIN rule main enforces, checked here first so the message comes in the operator's language. */
export function checkNewPin(pin: string, repeat: string): { pin: PinProblem; repeat: PinProblem } {
  const format = pinSchema.safeParse(pin).success ? null : 'format';
  return { pin: format, repeat: format === null && pin !== repeat ? 'mismatch' : null };
}
