// The desktop app, as Electron's entry point (main.ts) starts it: one instance, one hardened window
// showing the wizard, the IPC contract answered by the shared service, a log file, and a
// notification when a long write ends. Built to dist/main/app/desktop.js, beside dist/renderer/ and
// dist/preload/preload.cjs.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, Menu, Notification, session, shell, type BrowserWindow } from 'electron';
import { DESKTOP_WORDS, type DesktopLanguage, type DesktopWords } from '../../shared/desktop-words.js';
import type { EventChannel, EventOf, WriteOutcome, WriteProgress } from '../../shared/ipc.js';
import { Leftovers } from '../app-core/leftovers.js';
import { fileLogger, type Logger } from '../app-core/log.js';
import { PrivilegedWriteRunner } from '../app-core/privileged-runner.js';
import { FlashCreatorService } from '../app-core/service.js';
import { proxyFromPac } from '../releases/proxy.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { appMenu } from './menu.js';
import { registerAppScheme, serveRenderer } from './renderer-protocol.js';
import { systemDrives } from './system-drives.js';
import { createMainWindow, hardenWebContents } from './window.js';
import { writeNotice } from './write-notice.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RENDERER_DIR = join(dist, 'renderer');
const PRELOAD = join(dist, 'preload', 'preload.cjs');

if (app.requestSingleInstanceLock()) start();
else app.quit();

function start(): void {
  app.enableSandbox();
  registerAppScheme();
  let window: BrowserWindow | undefined;
  /** The wizard's language, which it tells on start and on every change (English until it has). */
  let language: DesktopLanguage = 'en';
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    hardenWebContents();
    serveRenderer(RENDERER_DIR);
    const log = fileLogger(join(app.getPath('logs'), 'flash-creator.log'));
    log.info(`Flash Creator ${app.getVersion()} started (Electron ${process.versions.electron}, ${process.platform})`);
    const started = new Map<string, number>();
    const emit = <E extends EventChannel>(channel: E, payload: EventOf<E>): void => {
      window?.webContents.send(channel, payload);
      if (channel === 'write:progress') {
        const { jobId } = payload as WriteProgress;
        if (!started.has(jobId)) started.set(jobId, Date.now());
      }
      if (channel === 'write:finished') notify(payload as WriteOutcome, started, window, language);
    };
    // What a crash left holding a flash's secrets: a copy's staged zip, a back-up's partial zips.
    const leftovers = new Leftovers(join(app.getPath('userData'), 'leftovers.json'));
    for (const path of leftovers.removeLeftBehind()) log.info(`Removed ${path}, left behind by a job that did not end`);
    const runner = new PrivilegedWriteRunner(log, { leftovers });
    const chooseSaveFile = async (defaultName: string): Promise<string | null> => {
      const words = DESKTOP_WORDS[language].saveBackup;
      const options = { title: words.title, defaultPath: join(app.getPath('downloads'), defaultName), buttonLabel: words.button, filters: [{ name: words.zips, extensions: ['zip'] }] };
      const chosen = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
    };
    // Downloads go through the proxy the system names for each address (its PAC answer, "PROXY host:port; DIRECT").
    const resolveProxy = async (url: string): Promise<string | null> => proxyFromPac(await session.defaultSession.resolveProxy(url));
    const service = new FlashCreatorService({ drives: systemDrives, runner, prober: runner, flashReader: runner, chooseSaveFile, emit, log, leftovers, releases: { resolveProxy } });
    registerIpcHandlers({ service, log, window: () => window, language: () => language, onLanguage: (chosen) => void (language = chosen) });
    window = createMainWindow(PRELOAD);
    window.on('close', (event) => {
      if (service.writing && !confirmQuit(window, DESKTOP_WORDS[language].quitWrite, 'warning')) event.preventDefault();
      if (service.backingUp && !confirmQuit(window, DESKTOP_WORDS[language].quitBackup, 'question')) event.preventDefault();
    });
    Menu.setApplicationMenu(
      appMenu({
        openBackup: () => window?.webContents.send('menu:open-backup', null),
        openLog: () => void openLog(log),
      }),
    );
    app.on('will-quit', () => void service.close());
  });
}

function notify(outcome: WriteOutcome, started: Map<string, number>, window: BrowserWindow | undefined, language: DesktopLanguage): void {
  const since = started.get(outcome.jobId);
  started.delete(outcome.jobId);
  const notice = writeNotice(outcome, since === undefined ? 0 : (Date.now() - since) / 1000, window?.isFocused() ?? false, language);
  if (notice && Notification.isSupported()) new Notification(notice).show();
}

/**
 * What quitting does to the job running, in the wizard's language: closing during a write leaves
 * the drive blank; closing during a back-up stops it (no zip is left, the flash only read is as it was).
 */
type QuitQuestion = DesktopWords['quitWrite'];

/** The user decides, keeping the job by default. */
function confirmQuit(window: BrowserWindow | undefined, question: QuitQuestion, type: 'warning' | 'question'): boolean {
  const options = { type, buttons: [question.keep, question.quit], title: question.title, message: question.message, detail: question.detail, defaultId: 0, cancelId: 0 };
  return (window ? dialog.showMessageBoxSync(window, options) : dialog.showMessageBoxSync(options)) === 1;
}

async function openLog(log: Logger): Promise<void> {
  await log.flushed();
  await shell.openPath(log.path);
}
