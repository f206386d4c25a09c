// The app window's security settings as data, so a test can read them without Electron (and a
// static check can find them in the source): the renderer is sandboxed web content with no Node,
// isolated from its preload, on the app's own origin, and may not navigate, open windows, load
// anything remote or ask for permissions beyond writing the clipboard (the checklist's Copy button).
import type { WebPreferences } from 'electron';

/** The renderer's origin: a privileged custom scheme serving only the built renderer's files. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'flash-creator';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export function securePreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools,
  };
}

/** True for a URL of the app's own pages; everything else is refused (navigation, redirects, IPC senders). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The one permission the renderer is granted. */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/** Requests the renderer may never make: anything off the machine. */
export const REMOTE_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];
