import type { z } from 'zod';
import type { Command } from '../../shared/commands';
import { isCommand } from '../../shared/commands';
import type { Contract, Output, ParsedInput } from '../../shared/contract';
import { contract } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { AppFailure, err, ok } from '../../shared/result';
import { roleAllows } from '../../shared/roles';
import { zodProblems } from '../../shared/text';
import type { Session } from './operators/sessions';

/** Where a call comes from: a screen over IPC or HTTP, the command line, or the station itself (first start). */
export type Transport = 'ipc' | 'http' | 'cli' | 'system';

export interface CallContext {
  transport: Transport;
  session: Session | null;
  /** Which client of the transport called (an HTTP peer, an IPC window): wrong-PIN lockouts are kept per client. */
  client?: string;
  /** Lets sign-in and sign-out attach a session to the caller's channel (an IPC sender); HTTP clients keep the token themselves. */
  bindSession?: (token: string | null) => void;
}

/** An admin, or the command line and the station itself, which act as one (full numbers, unmasked files). */
export const actsAsAdmin = (ctx: CallContext): boolean => ctx.transport === 'cli' || ctx.transport === 'system' || ctx.session?.role === 'admin';

export type Handler<C extends Command> = (input: ParsedInput<C>, ctx: CallContext) => Output<C> | Promise<Output<C>>;
export type Handlers = { [C in Command]: Handler<C> };

export interface Logger {
  error(message: string, error: unknown): void;
}

const MAX_MESSAGE = 500;
const MAX_DETAIL_ITEMS = 20;
const MAX_DETAIL_TEXT = 200;

/** A value of an error's details with its texts cut short and its lists to their first items, however deep. */
function boundedDetail(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return v.length > MAX_DETAIL_TEXT ? `${v.slice(0, MAX_DETAIL_TEXT)}…` : v;
  if (v === null || typeof v !== 'object' || depth > 4) return typeof v === 'object' && v !== null ? '…' : v;
  if (Array.isArray(v)) return v.slice(0, MAX_DETAIL_ITEMS).map((x) => boundedDetail(x, depth + 1));
  return Object.fromEntries(Object.entries(v).slice(0, MAX_DETAIL_ITEMS).map(([k, x]) => [boundedDetail(k, depth + 1) as string, boundedDetail(x, depth + 1)]));
}

/**
 * An error answer of bounded size whatever the input held: a key or an id echoed from a 10 MB input comes back cut
 * short, so an answer is never a multiple of what was sent.
 */
function bounded(result: Result<unknown>): Result<unknown> {
  if (result.ok) return result;
  const { code, message, details } = result.error;
  return err(code, message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message, details === undefined ? undefined : boundedDetail(details));
}

/** Parses, authorises and runs one command; every failure comes back as a Result, never as a throw. */
export function createDispatcher(handlers: Handlers, logger: Logger) {
  const run = createUnbounded(handlers, logger);
  return async function dispatch(command: string, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>> {
    return bounded(await run(command, rawInput, ctx));
  };
}

function createUnbounded(handlers: Handlers, logger: Logger) {
  return async function dispatch(command: string, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>> {
    if (!isCommand(command)) return err('unknown_command', `no command "${command.slice(0, 64)}"`);
    const spec: Contract[Command] = contract[command];
    // The command line and the station itself run with the file's owner's rights: whoever can open the database file can change it anyway.
    if (spec.role !== 'public' && ctx.transport !== 'cli' && ctx.transport !== 'system') {
      if (!ctx.session) return err('unauthenticated', 'sign in first');
      if (!roleAllows(ctx.session.role, spec.role)) {
        return err('forbidden', `${command} needs the ${spec.role} role; ${ctx.session.name} is ${ctx.session.role}`, {
          needs: spec.role,
          has: ctx.session.role,
        });
      }
    }
    const parsed = (spec.input as z.ZodType).safeParse(rawInput ?? {});
    if (!parsed.success) return err('invalid_input', `invalid input for ${command}`, zodProblems(parsed.error));
    try {
      const handler = handlers[command] as (input: unknown, ctx: CallContext) => unknown;
      return ok(await handler(parsed.data, ctx));
    } catch (e) {
      if (e instanceof AppFailure) return err(e.code, e.message, e.details);
      logger.error(`command ${command} failed`, e);
      return err('internal', `${command} failed unexpectedly; see the station log`);
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
