// The Electron shell's security, checked without Electron (its binary is not here): the window's
// settings as values, the guards as they stand in the source, the content security policy as both
// front doors send it, and the static file server's refusals. A stand-in for an Electron security
// scanner (electronegativity), which is for CI to add.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, rendererFile } from '../../main/app-core/renderer-files.js';
import { SERVICE_CHANNELS } from '../../main/app-core/service.js';
import { APP_URL, isAllowedPermission, isAppUrl, REMOTE_URL_PATTERNS, securePreferences } from '../../main/app/security.js';
import { writeNotice } from '../../main/app/write-notice.js';
import { REQUEST_CHANNELS, type WriteOutcome } from '../../shared/ipc.js';
import { message } from '../../shared/message.js';
import { testTempFolder } from '../fixtures/temp-folder.js';

const source = (file: string) => readFileSync(join('main', 'app', file), 'utf8');
const appSources = readdirSync(join('main', 'app')).filter((file) => file.endsWith('.ts')).map((file) => [file, source(file)] as const);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
}

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map((part) => part.trim()).filter(Boolean).map((part) => [part.split(/\s+/)[0]!, part] as const));
}

describe('the Electron window', () => {
  it('runs the renderer sandboxed, isolated, without Node, with web security', () => {
    const preferences = securePreferences('/app/preload.cjs', false);
    expect(preferences).toMatchObject({
      preload: '/app/preload.cjs',
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
      devTools: false,
    });
    expect(source('window.ts')).toMatch(/new BrowserWindow\(\{[^]*webPreferences: securePreferences\(preload, !app\.isPackaged\)/);
    expect(source('desktop.ts')).toContain('app.enableSandbox()');
    expect(source('desktop.ts')).toContain('app.requestSingleInstanceLock()');
  });

  it('has no setting in main/app that weakens that, and no other window', () => {
    const weakening = [/nodeIntegration\w*: true/, /contextIsolation: false/, /sandbox: false/, /webSecurity: false/, /allowRunningInsecureContent: true/, /experimentalFeatures: true/, /webviewTag: true/, /enableBlinkFeatures/, /openExternal/, /loadURL\(['"`]https?:/, /unsafe-(eval|inline)/, /insertCSS|executeJavaScript/];
    for (const [file, text] of appSources) {
      for (const pattern of weakening) expect(text, `${file} matches ${pattern}`).not.toMatch(pattern);
    }
    const windows = appSources.filter(([, text]) => text.includes('new BrowserWindow('));
    expect(windows.map(([file]) => file)).toEqual(['window.ts']);
  });

  it('denies navigation, new windows, webviews, permissions and remote requests', () => {
    const window = source('window.ts');
    expect(window).toMatch(/'will-navigate', \(event, url\) => \{\s*if \(!isAppUrl\(url\)\) event\.preventDefault\(\);/);
    expect(window).toMatch(/'will-redirect', \(event, url\) => \{\s*if \(!isAppUrl\(url\)\) event\.preventDefault\(\);/);
    expect(window).toContain("contents.on('will-attach-webview', (event) => event.preventDefault())");
    expect(window).toContain("contents.setWindowOpenHandler(() => ({ action: 'deny' }))");
    expect(window).toContain("app.on('web-contents-created'");
    expect(window).toContain('setPermissionRequestHandler((_contents, permission, callback) => callback(isAllowedPermission(permission)))');
    expect(window).toContain('onBeforeRequest({ urls: REMOTE_URL_PATTERNS }, (_details, callback) => callback({ cancel: true }))');
    expect(REMOTE_URL_PATTERNS).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));

    expect(isAppUrl(APP_URL)).toBe(true);
    for (const url of ['https://flash-creator/index.html', 'file:///etc/passwd', 'app://evil/index.html', 'app://flash-creator.evil.example/', 'javascript:alert(1)', 'not a url']) {
      expect(isAppUrl(url), url).toBe(false);
    }
    expect(isAllowedPermission('clipboard-sanitized-write')).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fileSystem']) expect(isAllowedPermission(permission)).toBe(false);
  });

  it('answers IPC only from its own page, on the contract’s channels only', () => {
    const handlers = source('ipc-handlers.ts');
    expect(handlers.match(/ipcMain\.handle\(/g)).toHaveLength(1);
    expect(handlers).toMatch(/ipcMain\.handle\(channel, async \(event, raw: unknown\) => \{\s*if \(!fromApp\(event\)\)/);
    expect(handlers).toContain('event.sender === window()?.webContents && isAppUrl(event.senderFrame?.url');
    expect(handlers).not.toMatch(/ipcMain\.on\(/);
    const answered = new Set([...SERVICE_CHANNELS, ...[...handlers.matchAll(/answer\('([a-z:-]+)'/g)].map((match) => match[1])]);
    expect([...answered].sort()).toEqual([...REQUEST_CHANNELS].sort());

    const preload = source('preload.ts');
    expect(preload).toContain('contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/);
    expect(preload).not.toMatch(/sendSync|ipcRenderer\.send\(/);
    expect(preload).toContain('isRequestChannel(channel) ? ipcRenderer.invoke(channel, request)');
  });

  it('keeps Electron inside main/app', () => {
    const outside = filesUnder('main').filter((file) => !file.startsWith(join('main', 'app')) && /from 'electron'/.test(readFileSync(file, 'utf8')));
    expect(outside).toEqual([]);
    expect(source('security.ts')).toContain("import type { WebPreferences } from 'electron';");
  });
});

describe('the content security policy', () => {
  it('allows the app’s own scripts, styles and images and nothing else', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toBe("default-src 'none'");
    expect(policy.get('script-src')).toBe("script-src 'self'");
    expect(policy.get('style-src')).toBe("style-src 'self'");
    expect(policy.get('object-src')).toBe("object-src 'none'");
    expect(policy.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(policy.get('base-uri')).toBe("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*|https?:|data: .*script/);
  });

  it('is also in the page itself, the same but for what a meta tag cannot carry', () => {
    const html = readFileSync(join('renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const expected = new Map(directives(CONTENT_SECURITY_POLICY));
    expected.delete('frame-ancestors');
    expect(directives(meta)).toEqual(expected);
    expect(html).not.toMatch(/<script>|<script [^>]*src="https?:|style="/);
    expect(source('renderer-protocol.ts')).toContain("'content-security-policy': CONTENT_SECURITY_POLICY");
  });

  it('comes with the renderer’s files only: nothing outside its folder, nothing of an unknown type', async () => {
    const root = testTempFolder('renderer-files-');
    await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(root, 'renderer', 'index.html'), '<html></html>');
    await writeFile(join(root, 'renderer', 'assets', 'app.js'), '');
    await writeFile(join(root, 'renderer', 'assets', 'notes.txt'), '');
    await writeFile(join(root, 'secret.js'), '');
    const served = join(root, 'renderer');
    expect(await rendererFile(served, '/')).toEqual({ path: join(served, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect((await rendererFile(served, '/assets/app.js'))?.contentType).toBe('text/javascript; charset=utf-8');
    for (const path of ['/../secret.js', '/assets/../../secret.js', '/%2e%2e/secret.js', '/..%2fsecret.js', '/assets/notes.txt', '/assets', '/missing.js', '/%00.js', '/%E0%A4%A']) {
      expect(await rendererFile(served, path), path).toBeUndefined();
    }
  });
});

describe('the notice at the end of a write', () => {
  const drive = { description: 'SanDisk Cruzer Blade', device: '/dev/sdb', size: 16e9, guid: null };
  const success: WriteOutcome = { jobId: 'job-1', result: 'success', drive, verification: { files: 1, folders: 1, bytesChecked: 1, label: 'UNRAID', legacyBoot: true, uefiBoot: true, changedFiles: [], seconds: 90, eject: { ejected: true } } };

  it('appears after a long write or when the window is not in front, never for a cancel', () => {
    expect(writeNotice(success, 5, true, 'en')).toBeUndefined();
    expect(writeNotice(success, 90, true, 'en')?.title).toBe('The new flash drive is ready');
    expect(writeNotice(success, 5, false, 'en')?.body).toContain('SanDisk Cruzer Blade is written and verified');
    const failed: WriteOutcome = { jobId: 'job-2', result: 'failed', drive, phase: 'writing', sentences: [message('failure.not-answering'), message('failure.state.unknown')], detail: null, advice: [], differences: [] };
    expect(writeNotice(failed, 90, true, 'en')).toEqual({ title: 'The flash drive was not written', body: 'SanDisk Cruzer Blade was not written and may hold an incomplete copy: do not boot from it. Open Flash Creator to see why and what to do.' });
    expect(writeNotice({ ...failed, sentences: [message('failure.not-answering'), message('failure.state.untouched')] }, 90, true, 'en')?.body).toBe('SanDisk Cruzer Blade was not written. Open Flash Creator to see why and what to do.');
    expect(writeNotice({ ...failed, result: 'cancelled' }, 90, false, 'en')).toBeUndefined();
  });

  it('speaks the language the wizard told main, the drive named as the wizard names it', () => {
    expect(writeNotice(success, 90, false, 'de')).toEqual({ title: 'Der neue Flashdatenträger ist bereit', body: 'SanDisk Cruzer Blade ist beschrieben und geprüft. Öffnen Sie Flash Creator, um zu sehen, was nach dem ersten Start zu tun ist.' });
    expect(writeNotice(success, 90, false, 'ja')?.body).toMatch(/^SanDisk Cruzer Bladeへの書き込みと検証/);
  });
});
