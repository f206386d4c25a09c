// The browser half of the test harness: what main/app/preload.ts is in Electron. It gives the page
// the same `window.flashCreator` bridge, carried over HTTP (requests), an event stream (events) and
// uploads (files the user picks or drops, which a browser cannot name by path). The harness page
// loads it before the wizard; the app never loads it. Every request carries the page's secret
// token, so other pages and local programs cannot drive the harness.
import {
  BRIDGE_GLOBAL,
  EVENT_CHANNELS,
  HARNESS_TRANSPORT as T,
  type Bridge,
  type DroppedFile,
  type EventChannel,
  type IpcResult,
  type OpenedBackup,
} from '../../shared/ipc.js';
import { message } from '../../shared/message.js';

const token = document.querySelector<HTMLMetaElement>(`meta[name="${T.tokenMeta}"]`)?.content ?? '';
const listeners = new Map<EventChannel, Set<(payload: never) => void>>(EVENT_CHANNELS.map((channel) => [channel, new Set()]));

const events = new EventSource(`${T.eventsPath}?token=${encodeURIComponent(token)}`);
for (const channel of EVENT_CHANNELS) {
  events.addEventListener(channel, (event) => {
    const payload = JSON.parse((event as MessageEvent<string>).data) as never;
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  });
}

async function post<T>(url: string, body: BodyInit, headers: Record<string, string>): Promise<IpcResult<T>> {
  try {
    const response = await fetch(url, { method: 'POST', body, headers: { ...headers, [T.tokenHeader]: token } });
    return (await response.json()) as IpcResult<T>;
  } catch (error) {
    return { ok: false, error: { code: 'failed', message: message('request.harness-unreachable', { detail: error instanceof Error ? error.message : String(error) }) } };
  }
}

function upload(file: File): Promise<IpcResult<OpenedBackup>> {
  return post(T.uploadPath, file, { 'content-type': 'application/octet-stream', [T.fileNameHeader]: encodeURIComponent(file.name) });
}

/** The browser's own file chooser stands in for Electron's open-file dialog. */
function chooseFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.zip,application/zip';
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

const bridge: Bridge = {
  invoke: (channel, request) => post(`${T.ipcPath}${channel}`, JSON.stringify(request), { 'content-type': 'application/json' }),
  on: (channel, listener) => {
    const set = listeners.get(channel)!;
    set.add(listener as (payload: never) => void);
    return () => void set.delete(listener as (payload: never) => void);
  },
  chooseBackup: async () => {
    const file = await chooseFile();
    return file ? upload(file) : { ok: true, value: null };
  },
  openBackupFile: (file: DroppedFile) => upload(file as File),
};

(window as unknown as Record<string, Bridge>)[BRIDGE_GLOBAL] = bridge;
