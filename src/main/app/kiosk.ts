import type { BrowserWindow, Input } from 'electron';

/**
 * Keys a kiosk's keyboard (a hand scanner's, or one left plugged in) must not reach Chromium or the window with:
 * reload, devtools, full screen, close, quit, print, zoom, find, view source, history.
 */
export function kioskBlocksKey(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (['f1', 'f3', 'f5', 'f6', 'f7', 'f11', 'f12', 'browserback', 'browserforward', 'browserrefresh'].includes(key)) return true;
  if (input.alt && ['f4', 'arrowleft', 'arrowright', 'home'].includes(key)) return true;
  if (input.control || input.meta) return ['r', 'w', 'q', 'p', 'n', 't', 'o', 's', 'u', 'f', 'g', 'h', 'j', 'i', '+', '-', '=', '0', 'tab'].includes(key) || (input.shift && ['i', 'j', 'c', 'delete'].includes(key));
  return false;
}

/**
 * The station's window as a kiosk while the station is in kiosk mode: Electron's kiosk window (full screen, above
 * everything, no way out through the window manager), no menu, devtools closed as they open, the shortcuts that
 * reload, close or navigate swallowed, and the window refusing to close. `apply` reads the mode again: called at the
 * start and after each command that may change it; a supervisor leaves by setting another mode.
 */
export function holdKiosk(window: BrowserWindow, isKiosk: () => boolean): { apply(): void } {
  let on = false;
  const contents = window.webContents;
  contents.on('devtools-opened', () => {
    if (on) contents.closeDevTools();
  });
  contents.on('before-input-event', (event, input) => {
    if (on && kioskBlocksKey(input)) event.preventDefault();
  });
  window.on('close', (event) => {
    if (on) event.preventDefault();
  });
  const apply = () => {
    const next = isKiosk();
    if (next === on) return;
    on = next;
    if (on) {
      window.removeMenu();
      if (contents.isDevToolsOpened()) contents.closeDevTools();
    }
    window.setKiosk(on);
    window.setMenuBarVisibility(!on);
  };
  apply();
  return { apply };
}
