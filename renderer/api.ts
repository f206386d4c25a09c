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
  type RepairDiagnosis,
  type RepairRequest,
  type WriteRequest,
  type BackupDestination,
  type BackupRequest,
  type CloneRequest,
  type InstallRequest,
  type ReleaseList,
} from '../shared/ipc.js';
import type { ListedFlash } from '../shared/flash-source.js';
import { formatMessage, message, type AnyMessage } from '../shared/message.js';
import type { DesktopLanguage } from '../shared/desktop-words.js';

export class ApiError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    readonly reason: AnyMessage,
  ) {
    super(formatMessage(reason));
    this.name = 'ApiError';
  }
}

/** What a failed request tells the user: main's message, or what broke in the page. */
export function reasonOf(error: unknown): AnyMessage {
  if (error instanceof ApiError) return error.reason;
  return message('request.went-wrong', { detail: error instanceof Error ? error.message : String(error) });
}

export interface Api {
  chooseBackup(): Promise<OpenedBackup | null>;
  openBackupFile(file: DroppedFile): Promise<OpenedBackup>;
  /** Opens an encrypted backup again with its passphrase. */
  unlockBackup(backupId: string, passphrase: string): Promise<OpenedBackup>;
  listDrives(): Promise<DriveList>;
  checkDrive(request: DriveCheckRequest): Promise<DriveCheck>;
  /** Where a licence check would send the GUID. */
  licenceService(): Promise<string>;
  startWrite(request: WriteRequest): Promise<string>;
  /** Cancels the running job (a write, a copy or a back-up). */
  cancelWrite(jobId: string): Promise<void>;
  /** Reads a drive as an old Unraid flash (the app asks for the administrator password). */
  readFlash(driveId: string): Promise<ListedFlash>;
  /** The save dialog for a back-up of the drive; null when the user cancels. */
  chooseDestination(driveId: string): Promise<BackupDestination | null>;
  startBackup(request: BackupRequest): Promise<string>;
  startClone(request: CloneRequest): Promise<string>;
  /** The release list (FLASH_CREATOR_RELEASES's, else Unraid's, when `address` is null). */
  listReleases(address: string | null): Promise<ReleaseList>;
  /** Judges the drive list for a release of the list. */
  chooseRelease(releaseId: string): Promise<void>;
  startInstall(request: InstallRequest): Promise<string>;
  /** Reads an Unraid flash (read-only) and says what is wrong with it and which repairs it allows. */
  diagnoseRepair(driveId: string): Promise<RepairDiagnosis>;
  /** The save dialog for the safety zip of a flash about to be repaired; null when the user cancels. */
  chooseRepairDestination(driveId: string): Promise<BackupDestination | null>;
  startRepair(request: RepairRequest): Promise<string>;
  /** The system's languages, most preferred first; empty where navigator.languages are the system's. */
  systemLanguages(): Promise<string[]>;
  /** Tells main the wizard's language, for its own dialogs and notifications. */
  tellLanguage(language: DesktopLanguage): Promise<void>;
  /** Opens the log file; returns where it is. */
  openLog(): Promise<string>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
}

export function createApi(bridge: Bridge): Api {
  return {
    chooseBackup: async () => unwrap(await bridge.chooseBackup()),
    openBackupFile: async (file) => unwrap(await bridge.openBackupFile(file)),
    unlockBackup: async (backupId, passphrase) => unwrap(await bridge.invoke('backup:unlock', { backupId, passphrase })),
    listDrives: async () => unwrap(await bridge.invoke('drives:list', null)),
    checkDrive: async (request) => unwrap(await bridge.invoke('drive:check', request)),
    licenceService: async () => unwrap(await bridge.invoke('licence:service', null)).address,
    startWrite: async (request) => unwrap(await bridge.invoke('write:start', request)).jobId,
    cancelWrite: async (jobId) => void unwrap(await bridge.invoke('write:cancel', { jobId })),
    readFlash: async (driveId) => unwrap(await bridge.invoke('flash:read', { driveId })),
    chooseDestination: async (driveId) => unwrap(await bridge.invoke('backup:destination', { driveId })),
    startBackup: async (request) => unwrap(await bridge.invoke('backup:start', request)).jobId,
    startClone: async (request) => unwrap(await bridge.invoke('clone:start', request)).jobId,
    listReleases: async (address) => unwrap(await bridge.invoke('releases:list', { address })),
    chooseRelease: async (releaseId) => void unwrap(await bridge.invoke('release:choose', { releaseId })),
    startInstall: async (request) => unwrap(await bridge.invoke('install:start', request)).jobId,
    diagnoseRepair: async (driveId) => unwrap(await bridge.invoke('repair:diagnose', { driveId })),
    chooseRepairDestination: async (driveId) => unwrap(await bridge.invoke('repair:destination', { driveId })),
    startRepair: async (request) => unwrap(await bridge.invoke('repair:start', request)).jobId,
    openLog: async () => unwrap(await bridge.invoke('log:open', null)).path,
    systemLanguages: async () => unwrap(await bridge.invoke('system:languages', null)).languages,
    tellLanguage: async (language) => void unwrap(await bridge.invoke('ui:language', { language })),
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
