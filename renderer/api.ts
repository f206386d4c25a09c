// The renderer's only door to the main process: the bridge at window.flashCreator (the preload in
// Electron, the harness's script in the browser), turned into plain async functions that return a
// value or throw an ApiError that carries main's message for the user (its Error message is the English).
import {
  BRIDGE_GLOBAL,
  type Bridge,
  type DriveCheck,
  type DriveCheckRequest,
  type DriveList,
  type DroppedFile,
  type EventChannel,
  type EventOf,
  type IpcErrorCode,
  type IpcResult,
  type OpenedBackup,
  type WriteRequest,
} from '../shared/ipc.js';
import { formatMessage, type AnyMessage } from '../shared/message.js';

export class ApiError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    readonly reason: AnyMessage,
  ) {
    super(formatMessage(reason));
    this.name = 'ApiError';
  }
}

export interface Api {
  chooseBackup(): Promise<OpenedBackup | null>;
  openBackupFile(file: DroppedFile): Promise<OpenedBackup>;
  listDrives(): Promise<DriveList>;
  checkDrive(request: DriveCheckRequest): Promise<DriveCheck>;
  /** Where a licence check would send the GUID. */
  licenceService(): Promise<string>;
  startWrite(request: WriteRequest): Promise<string>;
  cancelWrite(jobId: string): Promise<void>;
  /** The system's languages, most preferred first; empty where navigator.languages are the system's. */
  systemLanguages(): Promise<string[]>;
  /** Opens the log file; returns where it is. */
  openLog(): Promise<string>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
}

export function createApi(bridge: Bridge): Api {
  return {
    chooseBackup: async () => unwrap(await bridge.chooseBackup()),
    openBackupFile: async (file) => unwrap(await bridge.openBackupFile(file)),
    listDrives: async () => unwrap(await bridge.invoke('drives:list', null)),
    checkDrive: async (request) => unwrap(await bridge.invoke('drive:check', request)),
    licenceService: async () => unwrap(await bridge.invoke('licence:service', null)).address,
    startWrite: async (request) => unwrap(await bridge.invoke('write:start', request)).jobId,
    cancelWrite: async (jobId) => void unwrap(await bridge.invoke('write:cancel', { jobId })),
    openLog: async () => unwrap(await bridge.invoke('log:open', null)).path,
    systemLanguages: async () => unwrap(await bridge.invoke('system:languages', null)).languages,
    on: (channel, listener) => bridge.on(channel, listener),
  };
}

/** The bridge the page was given; the app cannot run without one. */
export function windowBridge(): Bridge {
  const bridge = (window as unknown as Record<string, Bridge | undefined>)[BRIDGE_GLOBAL];
  if (!bridge) throw new Error('This page must be opened by Flash Creator (the app or its test harness): it has no connection to it.');
  return bridge;
}

function unwrap<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new ApiError(result.error.code, result.error.message);
  return result.value;
}
