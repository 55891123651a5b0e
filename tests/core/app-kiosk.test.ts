import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { holdKiosk, kioskBlocksKey } from '../../src/main/app/kiosk';

/** A window and its webContents as Electron gives them, recording what Lanyard asks of them. */
function fakeWindow() {
  const contents = Object.assign(new EventEmitter(), {
    devtools: false,
    isDevToolsOpened() {
      return this.devtools;
    },
    closeDevTools() {
      this.devtools = false;
    },
  });
  const calls: string[] = [];
  const window = Object.assign(new EventEmitter(), {
    webContents: contents,
    kiosk: false,
    menuBar: true,
    setKiosk(on: boolean) {
      this.kiosk = on;
      calls.push(`setKiosk(${on})`);
    },
    removeMenu() {
      calls.push('removeMenu');
    },
    setMenuBarVisibility(on: boolean) {
      this.menuBar = on;
    },
  });
  return { window, contents, calls, asElectron: window as unknown as BrowserWindow };
}

const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({ type: 'keyDown' as const, key: k, control: false, meta: false, alt: false, shift: false, ...mods });

describe('the kiosk window (Electron mocked)', () => {
  it('is Electron’s kiosk window with no menu while the station is a kiosk, and an ordinary window again after', () => {
    const w = fakeWindow();
    let mode = 'kiosk';
    const held = holdKiosk(w.asElectron, () => mode === 'kiosk');
    expect(w.window.kiosk).toBe(true);
    expect(w.window.menuBar).toBe(false);
    expect(w.calls).toContain('removeMenu');
    mode = 'desk';
    held.apply();
    expect(w.window.kiosk).toBe(false);
    expect(w.window.menuBar).toBe(true);
  });

  it('closes devtools as they open, swallows the keys that reload, close or navigate, and refuses to close — only while a kiosk', () => {
    const w = fakeWindow();
    let kiosk = true;
    const held = holdKiosk(w.asElectron, () => kiosk);
    w.contents.devtools = true;
    w.contents.emit('devtools-opened');
    expect(w.contents.devtools).toBe(false);
    const pressed = (input: ReturnType<typeof key>) => {
      let prevented = false;
      w.contents.emit('before-input-event', { preventDefault: () => (prevented = true) }, input);
      return prevented;
    };
    expect(pressed(key('r', { control: true }))).toBe(true);
    expect(pressed(key('F12'))).toBe(true);
    expect(pressed(key('I', { control: true, shift: true }))).toBe(true);
    expect(pressed(key('F4', { alt: true }))).toBe(true);
    // What a hand scanner types gets through: letters, digits, Enter.
    for (const k of ['L', '1', '-', 'Enter', 'Tab']) expect(pressed(key(k)), k).toBe(false);
    let closePrevented = false;
    w.window.emit('close', { preventDefault: () => (closePrevented = true) });
    expect(closePrevented).toBe(true);

    kiosk = false;
    held.apply();
    expect(pressed(key('r', { control: true }))).toBe(false);
    closePrevented = false;
    w.window.emit('close', { preventDefault: () => (closePrevented = true) });
    expect(closePrevented).toBe(false);
    w.contents.devtools = true;
    w.contents.emit('devtools-opened');
    expect(w.contents.devtools).toBe(true);
  });

  it('lets key releases and plain typing through', () => {
    expect(kioskBlocksKey({ ...key('r', { control: true }), type: 'keyUp' })).toBe(false);
    expect(kioskBlocksKey(key('a'))).toBe(false);
  });
});
