import { readFileSync } from 'node:fs';
import type { Mock } from 'vitest';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LanyardBridge } from '../../src/shared/bridge';
import type { Command } from '../../src/shared/commands';

const preload = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: null as unknown as Mock<(channel: string, input: unknown) => Promise<unknown>>,
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => preload.exposed.set(key, api) },
  ipcRenderer: { invoke: (channel: string, input: unknown) => preload.invoke(channel, input) },
}));

async function loadPreload(): Promise<LanyardBridge> {
  vi.resetModules();
  preload.exposed.clear();
  await import('../../src/preload/index');
  return preload.exposed.get('lanyard') as LanyardBridge;
}

beforeEach(() => {
  preload.invoke = vi.fn(() => Promise.resolve({ ok: true, value: 'from main' }));
});

describe('the preload', () => {
  it('exposes one object, window.lanyard, with call and nothing else', async () => {
    const bridge = await loadPreload();
    expect([...preload.exposed.keys()]).toEqual(['lanyard']);
    expect(Object.keys(bridge)).toEqual(['call']);
  });

  it('refuses a name outside the contract without calling main', async () => {
    const bridge = await loadPreload();
    const r = await bridge.call('roster:dropAll' as Command, {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(preload.invoke).not.toHaveBeenCalled();
  });

  it('sends a contract command and its input on the command’s own channel', async () => {
    const bridge = await loadPreload();
    const r = await bridge.call('session:signIn', { name: 'desk-1', pin: '1357' });
    expect(preload.invoke).toHaveBeenCalledWith('session:signIn', { name: 'desk-1', pin: '1357' });
    expect(r).toEqual({ ok: true, value: 'from main' });
  });

  it('imports only electron and the shared contract, so the sandbox can load it', () => {
    const source = readFileSync(new URL('../../src/preload/index.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports) expect(specifier).toMatch(/^(electron|\.\.\/shared\/[a-z-]+)$/);
  });
});
