import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../src/main/app/ipc';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import type { Services } from '../../src/main/core/services';
import { COMMANDS } from '../../src/shared/commands';
import type { SessionInfo } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import { testStation } from '../helpers/core';

type InvokeHandler = (event: IpcMainInvokeEvent, input: unknown) => Promise<Result<unknown>>;

const ipc = vi.hoisted(() => ({ handlers: new Map<string, InvokeHandler>() }));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: InvokeHandler) => {
      if (ipc.handlers.has(channel)) throw new Error(`a second handler for ${channel}`);
      ipc.handlers.set(channel, handler);
    },
  },
}));

const RENDERER = 'file:///opt/lanyard/out/renderer/index.html';
const isRendererPage = (url: string) => url.split('#')[0] === RENDERER;

/** A window's webContents as main sees it: an id, and the 'destroyed' event that ends its session. */
function fakeWindow(id: number) {
  let onDestroyed: (() => void) | undefined;
  const contents = {
    id,
    once: (event: string, listener: () => void) => {
      if (event === 'destroyed') onDestroyed = listener;
      return contents;
    },
  };
  return { contents: contents as unknown as WebContents, destroy: () => onDestroyed?.() };
}

interface FrameSpec {
  url?: string;
  parent?: object | null;
  gone?: boolean;
}

async function invoke(command: string, input: unknown, window: ReturnType<typeof fakeWindow>, frame: FrameSpec = {}): Promise<Result<unknown>> {
  const handler = ipc.handlers.get(command);
  if (!handler) throw new Error(`no IPC handler for ${command}`);
  const senderFrame = frame.gone ? null : { url: frame.url ?? `${RENDERER}#/desk`, parent: frame.parent ?? null };
  return handler({ sender: window.contents, senderFrame } as unknown as IpcMainInvokeEvent, input);
}

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

function mustValue<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** The real services over an in-memory CNMC 2024 database, served over the mocked IPC from windows 1 and 2. */
function station({ ownWindows = [1, 2] }: { ownWindows?: number[] } = {}) {
  const s = testStation();
  const errors: unknown[] = [];
  registerIpc({
    services: s.services,
    isRendererPage,
    isOwnWindow: (contents) => ownWindows.includes(contents.id),
    logger: { error: (_message, e) => errors.push(e) },
  });
  return { ...s, errors };
}

beforeEach(() => ipc.handlers.clear());

describe('the IPC register helper', () => {
  it('serves every command of the contract and no other channel', () => {
    station();
    expect([...ipc.handlers.keys()].sort()).toEqual([...COMMANDS].sort());
  });

  it('answers app:status to the renderer page', async () => {
    station();
    const r = await invoke('app:status', {}, fakeWindow(1));
    expect(r).toMatchObject({ ok: true, value: { needsAdmin: true, session: null, eventName: { en: '2024 China New Media Conference' } } });
  });

  it('refuses a page that is not the renderer with forbidden_sender, and runs nothing', async () => {
    const s = station();
    const r = await invoke('operator:createFirstAdmin', { name: 'intruder', pin: '0000' }, fakeWindow(1), { url: 'https://evil.example/' });
    expect(code(r)).toBe('forbidden_sender');
    expect((await s.must('app:status', {})).needsAdmin).toBe(true);
  });

  it('refuses a sub-frame of the renderer page', async () => {
    station();
    expect(code(await invoke('app:status', {}, fakeWindow(1), { parent: { url: RENDERER } }))).toBe('forbidden_sender');
  });

  it('refuses a window Lanyard did not create', async () => {
    station({ ownWindows: [1] });
    expect(code(await invoke('app:status', {}, fakeWindow(7)))).toBe('forbidden_sender');
  });

  it('refuses a call whose frame has gone', async () => {
    station();
    expect(code(await invoke('app:status', {}, fakeWindow(1), { gone: true }))).toBe('forbidden_sender');
  });

  it('parses the input with the command schema', async () => {
    station();
    const r = await invoke('session:signIn', { name: 'admin', pin: 1234 }, fakeWindow(1));
    expect(code(r)).toBe('invalid_input');
  });

  it('gives a desk operator signed in over IPC a typed forbidden for event:import, and changes nothing', async () => {
    const s = station();
    const office = fakeWindow(1);
    const desk = fakeWindow(2);
    mustValue(await invoke('operator:createFirstAdmin', { name: 'admin', pin: '246810' }, office));
    mustValue(await invoke('operator:create', { name: 'desk-1', role: 'desk', pin: '1357' }, office));
    const signedIn = mustValue<SessionInfo>(await invoke('session:signIn', { name: 'desk-1', pin: '1357' }, desk));
    expect(signedIn.operator.role).toBe('desk');

    const auditBefore = s.services.auditCount();
    const exported = mustValue<unknown>(await invoke('event:export', {}, office));
    const changed = cnmc2024();
    changed.event.city = { zh: '北京', en: 'Beijing' };
    const r = await invoke('event:import', { file: changed }, desk);

    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', details: { needs: 'admin', has: 'desk' } } });
    expect(s.services.auditCount()).toBe(auditBefore);
    expect(mustValue<unknown>(await invoke('event:export', {}, office))).toEqual(exported);
  });

  it('keeps each window on its own session', async () => {
    station();
    const office = fakeWindow(1);
    mustValue(await invoke('operator:createFirstAdmin', { name: 'admin', pin: '246810' }, office));
    expect(code(await invoke('event:get', {}, office))).toBe('ok');
    expect(code(await invoke('event:get', {}, fakeWindow(2)))).toBe('unauthenticated');
  });

  it('signs a window out when asked', async () => {
    station();
    const office = fakeWindow(1);
    mustValue(await invoke('operator:createFirstAdmin', { name: 'admin', pin: '246810' }, office));
    mustValue(await invoke('session:signOut', {}, office));
    expect(code(await invoke('event:get', {}, office))).toBe('unauthenticated');
  });

  it('closes a window’s session when the window is destroyed', async () => {
    const s = station();
    const office = fakeWindow(1);
    const { token } = mustValue<SessionInfo>(await invoke('operator:createFirstAdmin', { name: 'admin', pin: '246810' }, office));
    expect(s.services.sessions.resolve(token)).not.toBeNull();
    office.destroy();
    expect(s.services.sessions.resolve(token)).toBeNull();
  });

  it('closes the earlier session when a window signs in as someone else', async () => {
    const s = station();
    const office = fakeWindow(1);
    const first = mustValue<SessionInfo>(await invoke('operator:createFirstAdmin', { name: 'admin', pin: '246810' }, office));
    mustValue(await invoke('operator:create', { name: 'door-1', role: 'door', pin: '1357' }, office));
    const second = mustValue<SessionInfo>(await invoke('session:signIn', { name: 'door-1', pin: '1357' }, office));
    expect(s.services.sessions.resolve(first.token)).toBeNull();
    expect(s.services.sessions.resolve(second.token)?.role).toBe('door');
  });

  it('answers with an internal error Result when the call throws', async () => {
    const errors: unknown[] = [];
    const failing = {
      call: () => {
        throw new Error('disk on fire');
      },
      sessions: testStation().services.sessions,
    } as unknown as Pick<Services, 'call' | 'sessions'>;
    registerIpc({ services: failing, isRendererPage, isOwnWindow: () => true, logger: { error: (_m, e) => errors.push(e) } });
    const r = await invoke('app:status', {}, fakeWindow(1));
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(errors).toHaveLength(1);
  });
});
