import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcMain } from 'electron';
import type { Command } from '../../shared/commands';
import { COMMANDS } from '../../shared/commands';
import type { Result } from '../../shared/result';
import { err } from '../../shared/result';
import type { Logger } from '../core/dispatch';
import type { Services } from '../core/services';
import type { PagePredicate } from './security';

export interface IpcOptions {
  services: Pick<Services, 'call' | 'sessions'>;
  isRendererPage: PagePredicate;
  /** True for the webContents of a window this app created. */
  isOwnWindow: (contents: WebContents) => boolean;
  logger: Logger;
  /** Told after each command a window ran (the kiosk window follows the station's mode). */
  afterCall?: (command: Command) => void;
}

/** The caller of one IPC invocation: its window's session token, and how sign-in and sign-out change it. */
interface Caller {
  token: string | null;
  bindSession: (token: string | null) => void;
}

type IpcHandler = (input: unknown, caller: Caller) => Promise<Result<unknown>>;

/** Serves every command of the contract over IPC, each through the one `register` helper; nothing else is reachable. */
export function registerIpc({ services, isRendererPage, isOwnWindow, logger, afterCall }: IpcOptions): void {
  const tokens = new Map<number, string>();
  const watched = new Set<number>();

  /** Binds a window to its operator's session; the previous one is closed so a window holds one session at most. */
  const bind = (contents: WebContents, token: string | null) => {
    const previous = tokens.get(contents.id);
    if (previous !== undefined && previous !== token) services.sessions.close(previous);
    if (token === null) {
      tokens.delete(contents.id);
      return;
    }
    tokens.set(contents.id, token);
    if (!watched.has(contents.id)) {
      watched.add(contents.id);
      const id = contents.id;
      contents.once('destroyed', () => {
        const left = tokens.get(id);
        if (left !== undefined) services.sessions.close(left);
        tokens.delete(id);
        watched.delete(id);
      });
    }
  };

  const callerFor = (contents: WebContents): Caller => ({
    token: tokens.get(contents.id) ?? null,
    bindSession: (token) => bind(contents, token),
  });

  const senderRefusal = (event: IpcMainInvokeEvent): string | null => {
    const frame = event.senderFrame;
    if (!frame) return 'the calling frame is gone';
    if (frame.parent !== null) return 'only the top frame may call the station';
    if (!isOwnWindow(event.sender)) return 'the caller is not a Lanyard window';
    if (!isRendererPage(frame.url)) return `the page ${frame.url} is not the Lanyard renderer`;
    return null;
  };

  const register = (command: Command, handler: IpcHandler) => {
    ipcMain.handle(command, async (event, input: unknown): Promise<Result<unknown>> => {
      try {
        const refusal = senderRefusal(event);
        if (refusal !== null) return err('forbidden_sender', refusal);
        return await handler(input, callerFor(event.sender));
      } catch (e) {
        logger.error(`ipc ${command} failed`, e);
        return err('internal', `${command} failed unexpectedly; see the station log`);
      }
    });
  };

  for (const command of COMMANDS) {
    register(command, async (input, caller) => {
      const result = await services.call(command, input, { transport: 'ipc', token: caller.token, bindSession: caller.bindSession });
      afterCall?.(command);
      return result;
    });
  }
}
