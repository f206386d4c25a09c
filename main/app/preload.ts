// The preload: the renderer's only way to main, exposed with contextBridge. It passes on nothing but
// the contract's channels (an unknown channel is refused here before main sees it), and turns a
// dropped file into its path with webUtils (sandboxed pages no longer see File.path). Bundled into
// one CommonJS file (vite --mode preload): a sandboxed preload cannot load other modules.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_GLOBAL, isEventChannel, isRequestChannel, type Bridge, type IpcResult } from '../../shared/ipc.js';
import { message } from '../../shared/message.js';

function refused(channel: string): IpcResult<never> {
  return { ok: false, error: { code: 'invalid-request', message: message('request.no-channel', { channel }) } };
}

const bridge: Bridge = {
  invoke: async (channel, request) => (isRequestChannel(channel) ? ipcRenderer.invoke(channel, request) : refused(channel)),
  on: (channel, listener) => {
    if (!isEventChannel(channel)) return () => undefined;
    // The IPC event object (with its sender) never reaches the page.
    const forward = (_event: unknown, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  },
  chooseBackup: () => ipcRenderer.invoke('backup:choose', null),
  openBackupFile: (file) => {
    const path = webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
    if (!path) return Promise.resolve({ ok: false, error: { code: 'invalid-request', message: message('request.not-a-file') } });
    return ipcRenderer.invoke('backup:open', { path });
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
