// Electron's side of the IPC contract: every request channel answered, only for the app's own
// page, with the arguments validated before anything happens. Most go straight to the service;
// the open-file dialog, the log file and the system's languages need the desktop, so they are answered here.
import { app, dialog, ipcMain, shell, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { DESKTOP_WORDS, type DesktopLanguage } from '../../shared/desktop-words.js';
import type { IpcResult, RequestChannel } from '../../shared/ipc.js';
import { message, type AnyMessage } from '../../shared/message.js';
import type { Logger } from '../app-core/log.js';
import { InvalidRequest, parseRequest } from '../app-core/requests.js';
import { SERVICE_CHANNELS, type FlashCreatorService } from '../app-core/service.js';
import { isAppUrl } from './security.js';

export interface HandlerContext {
  readonly service: FlashCreatorService;
  readonly log: Logger;
  readonly window: () => BrowserWindow | undefined;
  /** The wizard tells its language: main's dialogs and notifications follow it. */
  readonly onLanguage: (language: DesktopLanguage) => void;
  /** The language the wizard last told. */
  readonly language: () => DesktopLanguage;
}

export function registerIpcHandlers({ service, log, window, language, onLanguage }: HandlerContext): void {
  /** A request from the app's own page in its own window; anything else is refused unread. */
  const fromApp = (event: IpcMainInvokeEvent): boolean => event.sender === window()?.webContents && isAppUrl(event.senderFrame?.url ?? '');
  const answer = (channel: RequestChannel, respond: (raw: unknown) => Promise<IpcResult<unknown>>) =>
    ipcMain.handle(channel, async (event, raw: unknown) => {
      if (!fromApp(event)) {
        log.error(`Refused ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
        return refusal(message('request.not-from-window'));
      }
      try {
        return await respond(raw);
      } catch (error) {
        log.error(`${channel} failed`, error);
        return { ok: false, error: { code: 'failed', message: message('request.went-wrong', { detail: error instanceof Error ? error.message : String(error) }) } };
      }
    });

  for (const channel of SERVICE_CHANNELS) answer(channel, (raw) => service.handle(channel, raw));

  answer('backup:choose', async (raw) => {
    const invalid = argumentsProblem('backup:choose', raw);
    if (invalid) return invalid;
    const owner = window();
    const words = DESKTOP_WORDS[language()].chooseBackup;
    const options = {
      title: words.title,
      buttonLabel: words.button,
      properties: ['openFile' as const],
      filters: [
        { name: words.zips, extensions: ['zip'] },
        { name: words.all, extensions: ['*'] },
      ],
    };
    const chosen = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    const path = chosen.filePaths[0];
    return chosen.canceled || path === undefined ? { ok: true, value: null } : service.openBackup(path);
  });

  answer('log:open', async (raw) => {
    const invalid = argumentsProblem('log:open', raw);
    if (invalid) return invalid;
    await log.flushed();
    const problem = await shell.openPath(log.path);
    if (problem) return { ok: false, error: { code: 'failed', message: message('request.log-unopenable', { detail: problem, path: log.path }) } };
    return { ok: true, value: { path: log.path } };
  });

  // The language Electron runs in first, then the rest of the user's list; the wizard picks the first it has.
  answer('system:languages', async (raw) => {
    const invalid = argumentsProblem('system:languages', raw);
    if (invalid) return invalid;
    const languages = [app.getLocale(), ...app.getPreferredSystemLanguages()].filter((tag, index, all) => tag !== '' && all.indexOf(tag) === index);
    return { ok: true, value: { languages } };
  });

  answer('ui:language', async (raw) => {
    const invalid = argumentsProblem('ui:language', raw);
    if (invalid) return invalid;
    onLanguage(parseRequest('ui:language', raw).language);
    return { ok: true, value: null };
  });
}

function argumentsProblem(channel: RequestChannel, raw: unknown): IpcResult<never> | undefined {
  try {
    parseRequest(channel, raw);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidRequest) return refusal(error.reason);
    throw error;
  }
}

function refusal(reason: AnyMessage): IpcResult<never> {
  return { ok: false, error: { code: 'invalid-request', message: reason } };
}
