import type { MediaAccessPermissionRequest, PermissionCheckHandlerHandlerDetails, PermissionRequest, Session, WebContents, WebPreferences } from 'electron';
import { app, session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

export type PagePredicate = (url: string) => boolean;

/** The renderer runs as an untrusted web page: isolated, sandboxed, no Node, reaching main only through the preload's bridge. */
export function secureWebPreferences({ preload }: { preload: string }): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

export function withContentSecurityPolicy(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  return { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}

/** The door station's camera reads badges; nothing else (microphone, location, notifications…) is ever granted. */
export function grantsPermissionRequest({
  permission,
  details,
  isRendererPage,
}: {
  permission: string;
  details: PermissionRequest | MediaAccessPermissionRequest;
  isRendererPage: PagePredicate;
}): boolean {
  if (permission !== 'media' || !isRendererPage(details.requestingUrl)) return false;
  const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
  return mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
}

export function grantsPermissionCheck({
  permission,
  details,
  isRendererPage,
}: {
  permission: string;
  details: PermissionCheckHandlerHandlerDetails;
  isRendererPage: PagePredicate;
}): boolean {
  return permission === 'media' && details.mediaType === 'video' && details.requestingUrl !== undefined && isRendererPage(details.requestingUrl);
}

export function secureSession(target: Session, isRendererPage: PagePredicate): void {
  target.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) }));
  target.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(grantsPermissionRequest({ permission, details, isRendererPage })),
  );
  target.setPermissionCheckHandler((_contents, permission, _origin, details) => grantsPermissionCheck({ permission, details, isRendererPage }));
}

/** Keeps a webContents on the renderer page: no navigation or redirect elsewhere, no new windows, no webviews. */
export function guardWebContents(contents: WebContents, isRendererPage: PagePredicate): void {
  contents.on('will-navigate', (event) => {
    if (!isRendererPage(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isRendererPage(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Applies the policy to the default session and to every webContents the app ever creates; call once the app is ready. */
export function secureApp(isRendererPage: PagePredicate): void {
  secureSession(session.defaultSession, isRendererPage);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isRendererPage));
}
