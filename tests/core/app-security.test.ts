import { EventEmitter } from 'node:events';
import type { HeadersReceivedResponse, Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { guardWebContents, secureApp, secureSession, secureWebPreferences } from '../../src/main/app/security';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';

type HeadersListener = Parameters<Session['webRequest']['onHeadersReceived']>[0];
type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];
type Permission = Parameters<NonNullable<RequestHandler>>[1];

/** A session that records the handlers Lanyard installs, so a test can play Chromium's part. */
function fakeSession() {
  const installed: { headers: HeadersListener; request: RequestHandler; check: CheckHandler } = { headers: null, request: null, check: null };
  const target = {
    webRequest: { onHeadersReceived: (listener: HeadersListener) => (installed.headers = listener) },
    setPermissionRequestHandler: (handler: RequestHandler) => (installed.request = handler),
    setPermissionCheckHandler: (handler: CheckHandler) => (installed.check = handler),
  };
  return { session: target as unknown as Session, installed };
}

const electron = vi.hoisted(() => ({ app: null as unknown as EventEmitter, defaultSession: null as unknown as ReturnType<typeof fakeSession> }));

vi.mock('electron', () => ({
  get app() {
    return electron.app;
  },
  session: {
    get defaultSession() {
      return electron.defaultSession.session;
    },
  },
}));

const RENDERER = 'file:///opt/lanyard/out/renderer/index.html';
const isRendererPage = (url: string) => url.split('#')[0] === RENDERER;
const contents = {} as WebContents;

function responseHeaders(installed: ReturnType<typeof fakeSession>['installed'], original: Record<string, string[]>): Record<string, string | string[]> {
  let answer: HeadersReceivedResponse | undefined;
  installed.headers?.(
    { id: 1, url: RENDERER, method: 'GET', resourceType: 'mainFrame', referrer: '', timestamp: 0, statusLine: 'HTTP/1.1 200 OK', statusCode: 200, responseHeaders: original },
    (response) => (answer = response),
  );
  if (!answer?.responseHeaders) throw new Error('no headers were set');
  return answer.responseHeaders;
}

function askPermission(
  installed: ReturnType<typeof fakeSession>['installed'],
  permission: Permission,
  details: { requestingUrl?: string; mediaTypes?: Array<'video' | 'audio'> } = {},
): boolean {
  let granted: boolean | undefined;
  installed.request?.(contents, permission, (answer) => (granted = answer), { isMainFrame: true, requestingUrl: RENDERER, ...details });
  if (granted === undefined) throw new Error('the permission request was not answered');
  return granted;
}

function checkPermission(installed: ReturnType<typeof fakeSession>['installed'], permission: Permission, mediaType?: 'video' | 'audio' | 'unknown', requestingUrl = RENDERER): boolean {
  if (!installed.check) throw new Error('no permission check handler');
  return installed.check(contents, permission, 'file://', { isMainFrame: true, requestingUrl, ...(mediaType ? { mediaType } : {}) });
}

/** A webContents that records its listeners and window-open handler. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: (() => { action: string }) | null = null;
  const target = Object.assign(emitter, { setWindowOpenHandler: (handler: () => { action: string }) => (openHandler = handler) });
  const navigate = (event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string) => {
    const preventDefault = vi.fn();
    emitter.emit(event, { url, preventDefault });
    return preventDefault.mock.calls.length > 0;
  };
  return { contents: target as unknown as WebContents, navigate, windowOpen: () => openHandler?.() };
}

beforeEach(() => {
  electron.app = new EventEmitter();
  electron.defaultSession = fakeSession();
});

describe('the window settings', () => {
  it('opens the renderer isolated and sandboxed, with no Node, no webviews and web security on', () => {
    const prefs = secureWebPreferences({ preload: '/opt/lanyard/out/preload/index.cjs' });
    expect(prefs).toMatchObject({
      preload: '/opt/lanyard/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    });
  });
});

describe('the content security policy', () => {
  it('is set on every response and allows neither eval nor inline script', () => {
    const { session, installed } = fakeSession();
    secureSession(session, isRendererPage);
    const headers = responseHeaders(installed, { 'Content-Type': ['text/html'] });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'/);
  });
});

describe('permissions', () => {
  it('grants the camera to the renderer page', () => {
    const { session, installed } = fakeSession();
    secureSession(session, isRendererPage);
    expect(askPermission(installed, 'media', { mediaTypes: ['video'] })).toBe(true);
  });

  it('denies the microphone, even asked for together with the camera', () => {
    const { session, installed } = fakeSession();
    secureSession(session, isRendererPage);
    expect(askPermission(installed, 'media', { mediaTypes: ['audio'] })).toBe(false);
    expect(askPermission(installed, 'media', { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(askPermission(installed, 'media', { mediaTypes: [] })).toBe(false);
  });

  it('denies geolocation, notifications, screen capture and every other permission', () => {
    const { session, installed } = fakeSession();
    secureSession(session, isRendererPage);
    const others: Permission[] = ['geolocation', 'notifications', 'display-capture', 'clipboard-read', 'midi', 'hid', 'usb', 'serial', 'openExternal', 'fullscreen', 'unknown'];
    for (const permission of others) expect(askPermission(installed, permission, { mediaTypes: ['video'] }), permission).toBe(false);
  });

  it('denies the camera to any page that is not the renderer', () => {
    const { session, installed } = fakeSession();
    secureSession(session, isRendererPage);
    expect(askPermission(installed, 'media', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' })).toBe(false);
  });

  it('answers permission checks for the renderer camera only', () => {
    const { session, installed } = fakeSession();
    secureSession(session, isRendererPage);
    expect(checkPermission(installed, 'media', 'video')).toBe(true);
    expect(checkPermission(installed, 'media', 'audio')).toBe(false);
    expect(checkPermission(installed, 'media', 'video', 'https://evil.example/')).toBe(false);
    expect(checkPermission(installed, 'geolocation')).toBe(false);
    expect(checkPermission(installed, 'notifications')).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('prevents navigating or redirecting the window to any other URL', () => {
    const page = fakeContents();
    guardWebContents(page.contents, isRendererPage);
    expect(page.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(page.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(page.navigate('will-redirect', 'https://evil.example/')).toBe(true);
  });

  it('lets the renderer page reload itself', () => {
    const page = fakeContents();
    guardWebContents(page.contents, isRendererPage);
    expect(page.navigate('will-navigate', `${RENDERER}#/door`)).toBe(false);
  });

  it('denies window.open and refuses to attach a webview', () => {
    const page = fakeContents();
    guardWebContents(page.contents, isRendererPage);
    expect(page.windowOpen()).toEqual({ action: 'deny' });
    expect(page.navigate('will-attach-webview', RENDERER)).toBe(true);
  });

  it('guards every webContents the app creates and secures the default session', () => {
    secureApp(isRendererPage);
    const later = fakeContents();
    electron.app.emit('web-contents-created', {}, later.contents);
    expect(later.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(later.windowOpen()).toEqual({ action: 'deny' });
    expect(askPermission(electron.defaultSession.installed, 'media', { mediaTypes: ['audio'] })).toBe(false);
    expect(responseHeaders(electron.defaultSession.installed, {})['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });
});
