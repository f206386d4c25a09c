// The one window, hardened: sandboxed renderer without Node, context isolation, the app's own
// origin, no navigation, no new windows, no webviews, no remote requests, no permissions but
// clipboard writing.
import { app, BrowserWindow, session, type WebContents } from 'electron';
import { APP_URL, isAllowedPermission, isAppUrl, REMOTE_URL_PATTERNS, securePreferences } from './security.js';

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 900,
    height: 760,
    minWidth: 640,
    minHeight: 560,
    title: 'Flash Creator',
    show: false,
    webPreferences: securePreferences(preload, !app.isPackaged),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_URL);
  return window;
}

/** Rules for every web contents the app ever creates, set once before the first window. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => guard(contents));
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(isAllowedPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isAllowedPermission(permission));
  session.defaultSession.webRequest.onBeforeRequest({ urls: REMOTE_URL_PATTERNS }, (_details, callback) => callback({ cancel: true }));
}

function guard(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
