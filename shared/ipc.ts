// The one contract between the wizard (renderer) and the main process, declared once as type maps
// (GitHub Desktop's pattern): request channels answer a promise, event channels are one-way from
// main. Electron carries it over ipcMain/ipcRenderer; the browser harness over HTTP and an event
// stream. The renderer names drives and backups only by the ids main gave it, never by a path:
// the one path it ever sends is a zip the user dropped, and main only reads that.
import type { BackupReport } from './backup-report.js';
import type { DriveSummary, EjectResult } from './drives.js';
import type { BackupOutcome, ListedFlash } from './flash-source.js';
import type { LicenceStatus } from './licence.js';
import { message, type AnyMessage } from './message.js';
import type { ProbeResult } from './probe.js';
import type { WifiSettings } from './wifi.js';
import type { ChecklistSection } from './backup-report.js';
import type { DesktopLanguage } from './desktop-words.js';

/** A backup main has read and keeps for this session. */
export interface OpenedBackup {
  readonly backupId: string;
  readonly report: BackupReport;
  /** Bytes the restored drive needs; null when the backup cannot be restored. */
  readonly neededBytes: number | null;
  readonly settings: BackupSettings;
}

/** What the Options step starts from: the backup's own values. */
export interface BackupSettings {
  /** UEFI boot as the backup has it (an EFI folder, not EFI-). */
  readonly uefi: boolean;
  /** Whether the backup has a boot folder at all, so UEFI can be switched. */
  readonly uefiSwitchable: boolean;
  /** NAME from config/ident.cfg; null when the file or the key is missing (then it cannot be changed). */
  readonly serverName: string | null;
  /** The first interface of config/network.cfg; null when it cannot be changed safely. */
  readonly network: NetworkSettings | null;
  /** The flash label the append lines make Unraid look for; null when the backup has no append line to set it on. */
  readonly bootLabel: string | null;
}

/** The settings of the server's first network interface (eth0 / br0). */
export interface NetworkSettings {
  readonly dhcp: boolean;
  /** Dotted IPv4 addresses; empty when the backup has none (DHCP). */
  readonly address: string;
  readonly netmask: string;
  readonly gateway: string;
  readonly dns: string;
}

/** One row of the drive list: a drive, the id the renderer names it by, and what is known of it as an old Unraid flash (a copy's or a back-up's source). */
export type DriveRow = DriveSummary & { readonly id: string; readonly flash: ListedFlash | null };

export interface DriveList {
  /** Counts up with every new list. */
  readonly generation: number;
  readonly drives: readonly DriveRow[];
}

/** Everything the Write step needs; the server name and network only when the user changed them. */
export interface WriteRequest {
  readonly backupId: string;
  readonly driveId: string;
  readonly uefi: boolean;
  readonly serverName?: string;
  readonly network?: NetworkSettings;
  /** The flash label, set on every append line of the syslinux files; only when the user changed it. */
  readonly bootLabel?: string;
  /** config/wireless.cfg for a server that now joins Wi-Fi (Unraid 7.1+); only when the user set it. */
  readonly wifi?: WifiSettings;
  /** For a drive with a warning: its name, typed by the user. */
  readonly confirmation?: string;
}

/** 'reading': a copy reads the old flash first; 'downloading': an install downloads the release first. */
export type WritePhase = 'reading' | 'downloading' | 'preparing' | 'writing' | 'boot-loader' | 'verifying';

export const WRITE_PHASES: readonly WritePhase[] = ['preparing', 'writing', 'boot-loader', 'verifying'];

/** A copy's phases: the old flash read, then the write of what was read. */
export const CLONE_PHASES: readonly WritePhase[] = ['reading', ...WRITE_PHASES];

/** An install's phases: the release downloaded (or its cached copy hashed again), then written. */
export const INSTALL_PHASES: readonly WritePhase[] = ['downloading', ...WRITE_PHASES];

/** A repair's phases: the flash saved into the safety zip, a release downloaded when one of the list is chosen, then the stick written. */
export const REPAIR_PHASES: readonly WritePhase[] = ['reading', 'downloading', ...WRITE_PHASES];

export interface WriteProgress {
  readonly jobId: string;
  readonly phase: WritePhase;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes per second over the last few seconds; null until it can be measured. */
  readonly bytesPerSecond: number | null;
  /** How far the whole job is, write and verify together, 0 to 1. */
  readonly fraction: number;
  /** Until the whole job ends, verify included; null until it can be estimated. */
  readonly secondsLeft: number | null;
}

/** What the read-back found. */
export interface VerificationSummary {
  readonly files: number;
  readonly folders: number;
  readonly bytesChecked: number;
  /** The volume label the read-back found, as the backup's boot entries need it. */
  readonly label: string;
  readonly legacyBoot: boolean;
  readonly uefiBoot: boolean;
  /** The config files written with the user's changes. */
  readonly changedFiles: readonly string[];
  readonly seconds: number;
  /** Whether the drive was ejected; null for an image file, which has nothing to eject. */
  readonly eject: EjectResult | null;
}

/** The drive a job wrote to, as the user knows it. */
export interface WrittenDrive {
  readonly description: string;
  readonly device: string;
  readonly size: number;
  readonly guid: string | null;
}

/** How a write ended, as the writer knows it. */
export type WriteResult =
  | { readonly result: 'success'; readonly verification: VerificationSummary }
  | {
      readonly result: 'failed' | 'cancelled';
      readonly phase: WritePhase;
      /** What happened and the state the drive is left in, one sentence after the other. */
      readonly sentences: readonly AnyMessage[];
      /** The error as the system gave it, for whoever helps the user; null when there is nothing more. */
      readonly detail: string | null;
      /** What to try next. */
      readonly advice: readonly AnyMessage[];
      /** Differences the read-back found, when verifying failed (or the files a copy could not read): lines that name files and sectors. */
      readonly differences: readonly AnyMessage[];
    };

/** How a write ended, as the renderer is told: which job, which drive; after an install that succeeded, the new server's checklist. */
export type WriteOutcome = WriteResult & { readonly jobId: string; readonly drive: WrittenDrive; readonly checklist?: readonly ChecklistSection[]; readonly repair?: RepairSummary };

/** Check a drive before it is confirmed: its real capacity and speed (the probe), and, when the user allows it, its licence status online. */
export interface DriveCheckRequest {
  readonly driveId: string;
  /** Ask Lime Technology's service about the GUID; false: nothing is sent. */
  readonly licenceCheck: boolean;
}

export interface DriveCheck {
  readonly driveId: string;
  /** The probe's verdict; null when it could not run (then `problem` says why). */
  readonly capacity: ProbeResult | null;
  readonly problem: AnyMessage | null;
  readonly licence: LicenceStatus;
}

// The copy and back-up jobs. A source is a drive of the list, named by its id like a target.

/** Where a back-up will be saved, as the user chose it in the save dialog; main keeps the path, the renderer names it by the id. */
export interface BackupDestination {
  readonly destinationId: string;
  readonly path: string;
}

export interface BackupRequest {
  readonly driveId: string;
  readonly destinationId: string;
  /** Leave out the password hashes and blank the WireGuard keys, as Unraid Connect's backups do. */
  readonly withoutSecrets: boolean;
  /** Encrypt every file (WinZip AES-256) under this passphrase; it must resist guessing (shared/passphrase-strength.ts). */
  readonly passphrase?: string;
}

/** Copy the old flash `sourceId` onto the drive `driveId`, at that drive's size, verified. */
export interface CloneRequest {
  readonly sourceId: string;
  readonly driveId: string;
  /** For a target with a warning: its name, typed by the user. */
  readonly confirmation?: string;
  /** Go on without the files the old flash cannot give whole (a copy that stopped named them); without it, such a copy writes nothing. */
  readonly allowMissing?: true;
}

export interface BackupProgress {
  readonly jobId: string;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly bytesPerSecond: number | null;
  readonly fraction: number;
  readonly secondsLeft: number | null;
}

// The install job: Unraid on a new drive, from the release list or a release zip opened as a backup
// is (backup:open; its report's kind says 'release'), with the new server's first settings.

/** A release of the list, as the Release step shows it. */
export interface ListedRelease {
  readonly releaseId: string;
  /** "Unraid 7.2.1", as the list names it. */
  readonly name: string;
  readonly version: string;
  /** As the list gives it (YYYY-MM-DD); null when it gives none. */
  readonly releaseDate: string | null;
  /** The release notes' address; null when the list gives none. */
  readonly notes: string | null;
  readonly downloadBytes: number | null;
  /** A Next release (a beta or release candidate): a test version. */
  readonly next: boolean;
  /** The list gives the zip's SHA-256, so the download is verified. */
  readonly verifiable: boolean;
  /** A copy is in the cache already (hashed again before it is used). */
  readonly cached: boolean;
}

export interface ReleaseList {
  /** Where the list came from. */
  readonly address: string;
  /** Stable releases first, newest first, then the Next ones. */
  readonly releases: readonly ListedRelease[];
}

export interface InstallRequest {
  /** A release of the latest list (release-N), or a release zip opened with backup:open (backup-N). */
  readonly sourceId: string;
  readonly driveId: string;
  readonly uefi: boolean;
  /** ident.cfg's NAME; the release's own (Tower) when left out. */
  readonly serverName?: string;
  /** The first interface's address; the release's own (DHCP) when left out. */
  readonly network?: NetworkSettings;
  /** config/wireless.cfg (Unraid 7.1+); none when left out. */
  readonly wifi?: WifiSettings;
  /** For a drive with a warning: its name, typed by the user. */
  readonly confirmation?: string;
}

// The repair job: an Unraid flash that no longer boots, rewritten on the same stick from a safety zip
// of it saved first, with the repairs chosen (main/app-core/jobs/repair.ts).

/** What is wrong with a flash, and which repairs it allows. */
export interface RepairDiagnosis {
  readonly driveId: string;
  /** Each finding, and whether it needs the flash rewritten (false: a note). */
  readonly findings: readonly { readonly needsRepair: boolean; readonly message: AnyMessage }[];
  readonly needsRepair: boolean;
  /** The release the flash runs; null when its changes.txt cannot be read. */
  readonly version: string | null;
  /** The bz files at the root that must be replaced (they fail their .sha256, cannot be read, or are missing). */
  readonly badImages: readonly string[];
  /** The files a rewrite would lack, because the old FAT cannot give them whole. */
  readonly unreadable: readonly string[];
  /** Why there is no roll back to previous/; null when there is one, to `rollbackVersion`. */
  readonly rollbackRefusal: AnyMessage | null;
  readonly rollbackVersion: string | null;
  /** UEFI boot as the flash has it now (its EFI folder not renamed EFI-). */
  readonly uefi: boolean;
  /** Why this stick is never rewritten (its check found it failing or counterfeit); null when nothing is known against it. */
  readonly stickRefusal: readonly AnyMessage[] | null;
}

export interface RepairChoices {
  /** Bring back the release in previous/, as Unraid's Downgrade OS does. */
  readonly rollback: boolean;
  /** Where the bad bz files come from: a release zip opened with backup:open (backup-N), or a release of the list (release-N); null for none. */
  readonly releaseSource: string | null;
  readonly uefi: boolean;
  /** Rewrite the stick without the files the old FAT cannot give whole (the diagnosis names them). */
  readonly allowMissing: boolean;
}

export interface RepairRequest {
  readonly driveId: string;
  /** The safety zip's place, chosen with repair:destination. */
  readonly destinationId: string;
  readonly choices: RepairChoices;
  /** The drive's name, typed by the user: the stick is erased and written anew, even though it is the same one. */
  readonly confirmation: string;
}

/** What a repair did, with a success. */
export interface RepairSummary {
  /** The safety zip: the flash as it was. */
  readonly savedAs: string;
  /** The files taken from elsewhere (previous/, a release). */
  readonly changed: readonly AnyMessage[];
  /** The label and volume id the stick kept. */
  readonly label: string;
  readonly volumeSerial: string;
}

/** Request channels: what the renderer sends and what it gets back. */
export interface RequestChannels {
  /** Shows the system's open-file dialog for a backup zip; null when the user cancels. */
  'backup:choose': { request: null; response: OpenedBackup | null };
  /** Reads a zip the user dropped on the window. */
  'backup:open': { request: { path: string }; response: OpenedBackup };
  /** Opens an encrypted backup already opened (its report asks for the passphrase) again, with its passphrase: a new backup id. */
  'backup:unlock': { request: { backupId: string; passphrase: string }; response: OpenedBackup };
  'drives:list': { request: null; response: DriveList };
  'drive:check': { request: DriveCheckRequest; response: DriveCheck };
  /** Where a licence check sends the GUID, for the sentence the Drive step shows before anything is sent. */
  'licence:service': { request: null; response: { address: string } };
  'write:start': { request: WriteRequest; response: { jobId: string } };
  /** The releases the list at `address` (FLASH_CREATOR_RELEASES's, else Unraid's, when null) offers; refused as 'unreachable' when it does not answer. */
  'releases:list': { request: { address: string | null }; response: ReleaseList };
  /** Judges the drive list for a release of the list (its size; the cache's drive refused). */
  'release:choose': { request: { releaseId: string }; response: null };
  /** An install reports as a write does (write:progress, then write:finished with the checklist), starting with its 'downloading' phase for a release of the list. */
  'install:start': { request: InstallRequest; response: { jobId: string } };
  /** Cancels the running job: a write, a copy or a back-up. */
  'write:cancel': { request: { jobId: string }; response: null };
  /** Reads a drive as an old Unraid flash (through the privileged writer in the app): its server name and version, or why it is not one. */
  'flash:read': { request: { driveId: string }; response: ListedFlash };
  /** Shows the save dialog for a back-up of the drive, with Unraid's name for it; null when the user cancels. */
  'backup:destination': { request: { driveId: string }; response: BackupDestination | null };
  'backup:start': { request: BackupRequest; response: { jobId: string } };
  /** A copy reports as a write does (write:progress, then write:finished), starting with its 'reading' phase. */
  'clone:start': { request: CloneRequest; response: { jobId: string } };
  /** Reads an Unraid flash of the list (read-only) and says what is wrong with it and which repairs it allows. */
  'repair:diagnose': { request: { driveId: string }; response: RepairDiagnosis };
  /** Shows the save dialog for the safety zip of a flash about to be repaired; null when the user cancels. */
  'repair:destination': { request: { driveId: string }; response: BackupDestination | null };
  /** A repair reports as a write does (write:progress from its 'reading' phase, then write:finished with the repair's summary). */
  'repair:start': { request: RepairRequest; response: { jobId: string } };
  /** Opens the log file in the system's viewer; answers where it is. */
  'log:open': { request: null; response: { path: string } };
  /** The system's languages, most preferred first (Electron's app.getLocale() and the OS's list); none where the page's navigator.languages already are the system's. */
  'system:languages': { request: null; response: { languages: string[] } };
  /** The language the wizard speaks, so that main's own questions and notifications speak it too. */
  'ui:language': { request: { language: DesktopLanguage }; response: null };
}

/** Event channels: what main tells the renderer on its own. */
export interface EventChannels {
  'drives:changed': DriveList;
  'write:progress': WriteProgress;
  'write:finished': WriteOutcome;
  'backup:progress': BackupProgress;
  'backup:finished': BackupOutcome;
  /** The menu's "Open Backup…" (Ctrl+O). */
  'menu:open-backup': null;
}

export type RequestChannel = keyof RequestChannels;
export type EventChannel = keyof EventChannels;
export type RequestOf<C extends RequestChannel> = RequestChannels[C]['request'];
export type ResponseOf<C extends RequestChannel> = RequestChannels[C]['response'];
export type EventOf<E extends EventChannel> = EventChannels[E];

export const REQUEST_CHANNELS: readonly RequestChannel[] = ['backup:choose', 'backup:open', 'drives:list', 'drive:check', 'licence:service', 'write:start', 'write:cancel', 'log:open', 'system:languages',
  'ui:language', 'flash:read', 'backup:destination', 'backup:start', 'clone:start', 'releases:list', 'release:choose', 'install:start', 'backup:unlock',
  'repair:diagnose', 'repair:destination', 'repair:start'];
export const EVENT_CHANNELS: readonly EventChannel[] = ['drives:changed', 'write:progress', 'write:finished', 'menu:open-backup', 'backup:progress', 'backup:finished'];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value);
}

/** Why main refused or failed a request. */
export type IpcErrorCode =
  | 'invalid-request'
  | 'unknown-backup'
  | 'backup-blocked'
  | 'unknown-drive'
  | 'drive-refused'
  | 'confirmation-required'
  | 'busy'
  | 'unknown-job'
  | 'unknown-release'
  /** The release list did not answer (offline?): the renderer offers to try again, or a zip. */
  | 'unreachable'
  | 'failed';

export interface IpcFailure {
  readonly code: IpcErrorCode;
  /** What the user reads. */
  readonly message: AnyMessage;
}

/** Every answer crosses the boundary as data: errors never arrive as stack traces. */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcFailure };

/** A file the user dropped or picked in the page (a DOM File in the renderer). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/**
 * What the renderer finds at `window.flashCreator`: the preload's bridge in Electron, the
 * harness's in the browser. Files from the page are the one thing the two carry differently
 * (Electron passes the file's path, the harness uploads it), so the bridge turns them into backups.
 */
export interface Bridge {
  invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /** Returns the function that stops listening. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void;
  /** The picker: Electron's open-file dialog, or the browser's file chooser in the harness. */
  chooseBackup(): Promise<IpcResult<OpenedBackup | null>>;
  /** A zip dropped on the window. */
  openBackupFile(file: DroppedFile): Promise<IpcResult<OpenedBackup>>;
}

export const BRIDGE_GLOBAL = 'flashCreator';

// The rules a request's values follow, checked by the renderer as the user types and by main again
// on every request.

/**
 * Unraid's server names, by its own rule (webgui Identification.page, `$name_regex`): 1 to 15
 * letters, digits, '-' and '.', the first and the last a letter or digit.
 */
const SERVER_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,13}[A-Za-z0-9])?$/;
const IPV4_PATTERN = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Why a server name cannot be used; null when it can. */
export function serverNameProblem(name: string): AnyMessage | null {
  return SERVER_NAME_PATTERN.test(name) ? null : message('request.server-name');
}

export type AddressField = Exclude<keyof NetworkSettings, 'dhcp'>;

/** The address fields in the order the Options step shows them. */
export const ADDRESS_FIELDS: readonly AddressField[] = ['address', 'netmask', 'gateway', 'dns'];

/** Why one address field cannot be used; null when it can. Without DHCP, address and netmask are required. */
export function networkFieldProblem(settings: NetworkSettings, field: AddressField): AnyMessage | null {
  const text = settings[field];
  const required = !settings.dhcp && (field === 'address' || field === 'netmask');
  const name = message(`request.field.${field}`);
  if (text === '') return required ? message('request.address-needed', { field: name }) : null;
  return IPV4_PATTERN.test(text) ? null : message('request.not-ipv4', { field: name });
}

/** The first problem of the network settings; null when there is none. */
export function networkProblem(settings: NetworkSettings): AnyMessage | null {
  for (const field of ADDRESS_FIELDS) {
    const problem = networkFieldProblem(settings, field);
    if (problem) return problem;
  }
  return null;
}

/** What the user types to confirm writing to a drive with a warning: its name as the list shows it. */
export function driveNameToType(drive: { readonly description: string }): string {
  return drive.description.trim();
}

/** Typed text confirms a drive when it is the drive's name, ignoring case and extra spaces. */
export function confirmsDrive(typed: string, drive: { readonly description: string }): boolean {
  const normal = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return normal(typed) !== '' && normal(typed) === normal(driveNameToType(drive));
}

/**
 * How the browser harness carries the contract (main/harness/ and renderer/bridge/harness-bridge.ts):
 * POST ipcPath + channel with the request as JSON; files POSTed raw to uploadPath; events as a
 * server-sent event stream. The page's token goes in tokenHeader (in the query for the stream).
 */
export const HARNESS_TRANSPORT = {
  tokenMeta: 'flash-creator-harness-token',
  tokenHeader: 'x-flash-creator-token',
  fileNameHeader: 'x-file-name',
  ipcPath: '/ipc/',
  uploadPath: '/upload',
  eventsPath: '/events',
  bridgePath: '/harness/bridge.js',
} as const;
