// The app's one implementation of the IPC contract, for both front doors: Electron's IPC handlers
// and the browser harness call handle() with whatever arrived, and get back data to send. Every
// request is validated first; a write names its backup and drive only by the ids given out here,
// and the drive must be in the latest list, not refused, and confirmed by name when it has a warning.
import {
  confirmsDrive,
  driveNameToType,
  type EventChannel,
  type EventOf,
  type IpcErrorCode,
  type IpcFailure,
  type IpcResult,
  type OpenedBackup,
  type RequestOf,
  type ResponseOf,
  type WritePhase,
  type WriteRequest,
  type WriteResult,
  type WrittenDrive,
} from '../../shared/ipc.js';
import { formatMessage, formatMessages, message, textMessage, type AnyMessage } from '../../shared/message.js';
import { capacityMessage } from '../../shared/probe.js';
import type { DriveCheck, DriveCheckRequest, DriveRow } from '../../shared/ipc.js';
import type { DriveWatcher } from '../drives/watch.js';
import { licenceOfDrive, licenceService } from '../licence/guid-service.js';
import type { DriveProber } from './drive-prober.js';
import { BackupShelf, type ShelvedBackup } from './backup-shelf.js';
import { DriveRegistry } from './drive-registry.js';
import type { DriveSource } from './drive-source.js';
import type { Logger } from './log.js';
import { JobMeter, ProgressMeter } from '../../shared/progress-meter.js';
import type { BackupOutcome, ListedFlash } from '../../shared/flash-source.js';
import type { DriveSummary } from '../../shared/drives.js';
import type { BackupDestination, BackupRequest, CloneRequest } from '../../shared/ipc.js';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { defaultBackupName } from '../backup-maker/backup-rules.js';
import { UNRAID_LABEL } from '../backup-maker/flash-facts.js';
import type { PathTracker } from '../backup-maker/zip-destination.js';
import { readFlashFolder, type FlashBackupOutcome, type FlashReading } from '../backup-maker/flash-source.js';
import type { FlashAnswer, FlashReader, SourceDrive } from './flash-reader.js';
import { InvalidRequest, parseRequest } from './requests.js';
import { JobCancelled } from './restore-job.js';
import { unexpected } from './failure.js';
import type { JobProgress, WriteJob, WriteRunner } from './write-runner.js';

export type EmitEvent = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

/** The channels the service answers; the front doors answer the dialog and log channels themselves. */
export type ServiceChannel = 'backup:open' | 'drives:list' | 'drive:check' | 'licence:service' | 'write:start' | 'write:cancel' | 'flash:read' | 'backup:destination' | 'backup:start' | 'clone:start';

export const SERVICE_CHANNELS: readonly ServiceChannel[] = [
  'backup:open', 'drives:list', 'drive:check', 'licence:service', 'write:start', 'write:cancel', 'flash:read', 'backup:destination', 'backup:start', 'clone:start',
];

export function isServiceChannel(channel: string): channel is ServiceChannel {
  return (SERVICE_CHANNELS as readonly string[]).includes(channel);
}

export interface ServiceOptions {
  readonly drives: DriveSource;
  readonly runner: WriteRunner;
  /** Runs the capacity probe for drive:check. */
  readonly prober: DriveProber;
  /** Reads old flashes: their facts, and back-ups (and a copy's staged zip) of them. */
  readonly flashReader: FlashReader;
  /** The save dialog for a back-up, offering `defaultName`; the chosen path, or null when the user cancels. */
  readonly chooseSaveFile: (defaultName: string) => Promise<string | null>;
  /** Where licence checks send the GUID; Lime Technology's service when omitted (FLASH_CREATOR_GUID_SERVICE's, run from the sources). */
  readonly licenceService?: string;
  readonly emit: EmitEvent;
  readonly log: Logger;
  /** Seconds on a monotonic clock; progress speed is measured with it. */
  readonly clock?: () => number;
  /** At most one progress event per this many seconds (phase changes are always sent). */
  readonly progressInterval?: number;
  /** Told of a copy's staging folder while it holds the old flash's files (removed at the next start after a crash). */
  readonly leftovers?: PathTracker;
}

/** A request refused for a reason the user can act on. */
export class RequestRefused extends Error {
  constructor(
    readonly code: IpcErrorCode,
    readonly reason: AnyMessage,
  ) {
    super(formatMessage(reason));
    this.name = 'RequestRefused';
  }
}

interface RunningJob {
  readonly jobId: string;
  /** A write (a copy is one) erases a drive; a back-up only reads one. */
  readonly kind: 'write' | 'backup';
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

export class FlashCreatorService {
  private readonly shelf = new BackupShelf();
  private readonly registry = new DriveRegistry();
  private readonly clock: () => number;
  private watcher: DriveWatcher | undefined;
  /** The backup the latest drive list was judged for. */
  private judgedFor: ShelvedBackup | null = null;
  private firstList: Promise<void> = Promise.resolve();
  private job: RunningJob | undefined;
  private nextJob = 1;
  /** The latest check of each drive, with the drive as it was then: a drive swapped in its place is not covered by it. */
  private readonly checks = new Map<string, { readonly drive: string; readonly check: DriveCheck }>();
  private checking = false;
  /** What each drive (by path, size and GUID) is known to be as an old Unraid flash. */
  private readonly flashes = new Map<string, ListedFlash>();
  /** Drives being read as flashes now. */
  private readonly reading = new Set<string>();
  /** The latest listing, judged, before the flash facts are added to it. */
  private latestDrives: readonly DriveSummary[] = [];
  private readonly destinations = new Map<string, { readonly drive: string; readonly path: string }>();
  private nextDestination = 1;

  constructor(private readonly options: ServiceOptions) {
    this.clock = options.clock ?? (() => performance.now() / 1000);
    this.watchDrives(null);
  }

  async handle<C extends ServiceChannel>(channel: C, raw: unknown): Promise<IpcResult<ResponseOf<C>>> {
    try {
      const value = await this.answer(channel, parseRequest(channel, raw));
      return { ok: true, value: value as ResponseOf<C> };
    } catch (error) {
      return { ok: false, error: this.failure(channel, error) };
    }
  }

  /** Reads a backup the user chose; its drive list is judged for it from now on. */
  async openBackup(path: string): Promise<IpcResult<OpenedBackup>> {
    return this.handle('backup:open', { path });
  }

  /** True while a write (or a copy) runs: quitting leaves the drive blank. */
  get writing(): boolean {
    return this.job?.kind === 'write';
  }

  /** True while a back-up runs (it only reads the drive: quitting leaves no zip and changes nothing). */
  get backingUp(): boolean {
    return this.job?.kind === 'backup';
  }

  /** Stops watching drives, cancels a running write and waits for it to end. */
  async close(): Promise<void> {
    this.watcher?.stop();
    this.job?.controller.abort(new JobCancelled());
    await this.job?.done;
  }

  private async answer(channel: ServiceChannel, request: unknown): Promise<unknown> {
    switch (channel) {
      case 'backup:open':
        return this.open((request as RequestOf<'backup:open'>).path);
      case 'drives:list':
        await this.firstList;
        return this.registry.list;
      case 'drive:check':
        return this.checkDrive(request as DriveCheckRequest);
      case 'licence:service':
        return { address: licenceService({ service: this.options.licenceService }) };
      case 'write:start':
        return this.startWrite(request as WriteRequest);
      case 'write:cancel':
        return this.cancelWrite((request as RequestOf<'write:cancel'>).jobId);
      case 'flash:read':
        return this.readFlash((request as RequestOf<'flash:read'>).driveId);
      case 'backup:destination':
        return this.chooseDestination((request as RequestOf<'backup:destination'>).driveId);
      case 'backup:start':
        return this.startBackup(request as BackupRequest);
      case 'clone:start':
        return this.startClone(request as CloneRequest);
    }
  }

  private async open(path: string): Promise<OpenedBackup> {
    const shelved = await this.shelf.open(path);
    const { report } = shelved.opened;
    this.options.log.info(`Opened ${path}: ${report.ok ? 'can be restored' : 'cannot be restored'}; ${report.problems.map((problem) => problem.code).join(', ') || 'no problems'}`);
    if (report.ok) this.watchDrives(shelved);
    return shelved.opened;
  }

  private watchDrives(backup: ShelvedBackup | null): void {
    this.watcher?.stop();
    let listed: () => void = () => undefined;
    this.firstList = new Promise((resolve) => (listed = resolve));
    const neededBytes = backup?.opened.neededBytes ?? null;
    const toRestore = backup && neededBytes !== null ? { neededBytes, zipPath: backup.zipPath } : null;
    const watcher: DriveWatcher = this.options.drives.watch(
      toRestore,
      (drives) => {
        if (this.watcher !== watcher) return;
        this.judgedFor = backup;
        this.latestDrives = drives;
        this.publishDrives();
        listed();
      },
      (error) => {
        this.options.log.error('Listing the drives failed', error);
        listed();
      },
    );
    this.watcher = watcher;
  }

  /** The latest listing to the renderer, each drive with what is known of it as an old flash. */
  private publishDrives(): void {
    this.options.emit('drives:changed', this.registry.update(this.latestDrives.map((drive) => ({ ...drive, flash: this.flashOf(drive) }))));
  }

  /**
   * What is known of a drive as an old flash. A drive mounted with the label UNRAID is read from its
   * folder, which needs no rights; where reading a drive costs nothing (the harness), every drive is
   * read as it appears; otherwise a drive is read only when the user picks it (flash:read).
   */
  private flashOf(drive: DriveSummary): ListedFlash | null {
    const key = checkedDrive(drive);
    const known = this.flashes.get(key);
    if (known) return known;
    if (drive.isSystem || drive.size === null) return null;
    const mounted = drive.volumeLabels?.find((volume) => volume.label?.toUpperCase() === UNRAID_LABEL);
    if (!this.reading.has(key)) {
      if (mounted) this.learnFlash(key, () => readFlashFolder(mounted.mountpoint).then((reading) => ({ ok: true as const, value: reading })));
      else if (this.options.flashReader.readsFreely) this.learnFlash(key, () => this.options.flashReader.readFlash(sourceOf(drive, drive.size!)));
    }
    return mounted ? { state: 'labelled' } : null;
  }

  private learnFlash(key: string, read: () => Promise<FlashAnswer<FlashReading>>): void {
    this.reading.add(key);
    void read()
      .catch((error: unknown): FlashAnswer<FlashReading> => ({ ok: false, message: textMessage(error instanceof Error ? error.message : String(error)) }))
      .then((answer) => {
        this.reading.delete(key);
        this.flashes.set(key, listedFlash(answer));
        this.publishDrives();
      });
  }

  /** Reads the drive as an old flash now (a password prompt in the app), and lists what it is. */
  private async readFlash(driveId: string): Promise<ListedFlash> {
    if (this.job) throw new RequestRefused('busy', message('flash.busy-reading'));
    await this.firstList;
    const drive = this.sourceDrive(driveId);
    const key = checkedDrive(drive);
    this.options.log.info(`Reading ${drive.device} (${drive.description}) as an old flash`);
    const flash = listedFlash(await this.options.flashReader.readFlash(sourceOf(drive, drive.size!)));
    this.options.log.info(`Read ${drive.device}: ${flash.state}`);
    this.flashes.set(key, flash);
    this.publishDrives();
    return flash;
  }

  /** A drive of the latest list that can be a copy's or back-up's source: any but this computer's own disk. */
  private sourceDrive(driveId: string): DriveRow {
    const drive = this.registry.find(driveId);
    if (!drive || drive.size === null) throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
    if (drive.isSystem) throw new RequestRefused('drive-refused', message('flash.system-disk', { drive: drive.description }));
    return drive;
  }

  /** An Unraid flash of the latest list, read already (its facts name the back-up). */
  private unraidSource(driveId: string): { drive: DriveRow; flash: Extract<ListedFlash, { state: 'unraid' }> } {
    const drive = this.sourceDrive(driveId);
    const flash = this.flashes.get(checkedDrive(drive));
    if (flash?.state !== 'unraid') throw new RequestRefused('drive-refused', message('flash.not-read-yet', { drive: drive.description }));
    return { drive, flash };
  }

  private async chooseDestination(driveId: string): Promise<BackupDestination | null> {
    await this.firstList;
    const { drive, flash } = this.unraidSource(driveId);
    const chosen = await this.options.chooseSaveFile(defaultBackupName(flash.server, flash.version, new Date()));
    if (chosen === null) return null;
    if (!isAbsolute(chosen)) throw new InvalidRequest(message('flash.full-path'));
    const path = chosen.toLowerCase().endsWith('.zip') ? chosen : `${chosen}.zip`;
    if (await stat(path).then(() => true, () => false)) throw new RequestRefused('failed', message('flash.file-exists', { path }));
    const destinationId = `destination-${this.nextDestination++}`;
    this.destinations.set(destinationId, { drive: checkedDrive(drive), path });
    return { destinationId, path };
  }

  private async startBackup(request: BackupRequest): Promise<{ jobId: string }> {
    this.refuseWhileBusy();
    await this.firstList;
    const { drive } = this.unraidSource(request.driveId);
    const destination = this.destinations.get(request.destinationId);
    if (!destination || destination.drive !== checkedDrive(drive)) throw new RequestRefused('invalid-request', message('flash.choose-save-again'));
    this.destinations.delete(request.destinationId);
    const jobId = `job-${this.nextJob++}`;
    this.options.log.info(`Back-up ${jobId}: ${drive.device} (${drive.description}) to ${destination.path}${request.withoutSecrets ? ', without secrets' : ''}`);
    const controller = new AbortController();
    const meter = new ProgressMeter();
    const onProgress = throttled(this.clock, this.options.progressInterval ?? 0.25, (bytesDone: number, bytesTotal: number) => {
      const estimate = meter.update({ seconds: this.clock(), bytesDone }, bytesTotal);
      this.options.emit('backup:progress', { jobId, bytesDone, bytesTotal, fraction: bytesTotal > 0 ? bytesDone / bytesTotal : 0, ...estimate });
    });
    const done = this.options.flashReader
      .backupFlash(sourceOf(drive, drive.size!), { outPath: destination.path, withoutSecrets: request.withoutSecrets, purpose: 'backup' }, onProgress, controller.signal)
      .then((answer) => backupOutcome(jobId, drive, destination.path, request.withoutSecrets, answer, controller.signal.aborted))
      .then((outcome) => {
        this.job = undefined;
        this.options.log.info(`Back-up ${jobId} ended: ${outcome.result}${outcome.result === 'success' ? `; ${outcome.missing.length} missing` : `: ${outcome.message}`}`);
        this.options.emit('backup:finished', outcome);
      });
    this.job = { jobId, kind: 'backup', controller, done };
    return { jobId };
  }

  /**
   * A copy: the old flash read into a zip staged in the system's temporary folder (everything but
   * other systems' housekeeping), then that zip written to the new drive as any backup is: the
   * probe, the verified write. Nothing is written when a file of the old flash cannot be read.
   */
  private async startClone(request: CloneRequest): Promise<{ jobId: string }> {
    this.refuseWhileBusy();
    await this.firstList;
    const { drive: source } = this.unraidSource(request.sourceId);
    if (request.driveId === source.id) throw new RequestRefused('drive-refused', message('flash.is-the-source', { drive: source.description }));
    const target = this.writableDrive(request.driveId, request.confirmation);
    const jobId = `job-${this.nextJob++}`;
    const drive: WrittenDrive = { description: target.description, device: target.device, size: target.size!, guid: target.guid };
    this.options.log.info(`Copy ${jobId}: ${source.device} (${source.description}) to ${target.device} (${target.description}, ${target.size} bytes, ${target.verdict})`);
    this.run(jobId, drive, (onProgress, signal) => this.clone(source, target, onProgress, signal));
    return { jobId };
  }

  private async clone(source: DriveRow, target: DriveRow, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<WriteResult> {
    const stage = await mkdtemp(join(tmpdir(), 'flash-creator-copy-'));
    this.options.leftovers?.track(stage);
    try {
      const zipPath = join(stage, 'old-flash.zip');
      onProgress({ phase: 'reading', bytesDone: 0, bytesTotal: 0 });
      const answer = await this.options.flashReader.backupFlash(sourceOf(source, source.size!), { outPath: zipPath, withoutSecrets: false, purpose: 'clone' },
        (bytesDone, bytesTotal) => onProgress({ phase: 'reading', bytesDone, bytesTotal }), signal);
      const unread = cloneSourceProblem(source, answer, signal.aborted);
      if (unread) return unread;
      signal.throwIfAborted();
      const staged = await this.shelf.open(zipPath);
      if (!staged.opened.report.ok) {
        const blocking = staged.opened.report.problems.filter((problem) => problem.severity === 'blocking').map((problem) => problem.message);
        return copyStopped([message('flash.copy-cannot-restore', { drive: source.description, problems: blocking })]);
      }
      const job: WriteJob = { zipPath, device: target.device, deviceSize: target.size!, description: target.description, guid: target.guid, uefi: staged.opened.settings.uefi };
      return await this.options.runner.run(job, onProgress, signal);
    } finally {
      await rm(stage, { recursive: true, force: true });
      this.options.leftovers?.forget(stage);
    }
  }

  private refuseWhileBusy(): void {
    if (this.checking) throw new RequestRefused('busy', message('request.busy-checking'));
    if (this.job) throw new RequestRefused('busy', message('flash.busy-job'));
  }

  /** A drive of the latest list that may be written: not refused, not found fake by its check, confirmed by name when it has a warning. */
  private writableDrive(driveId: string, confirmation: string | undefined): DriveRow {
    const drive = this.registry.find(driveId);
    if (!drive || drive.size === null) throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
    if (drive.verdict === 'refused') {
      throw new RequestRefused('drive-refused', message('request.drive-unwritable', { drive: drive.description, reasons: drive.reasons.map((reason) => reason.message) }));
    }
    const checked = this.checks.get(drive.id);
    const capacity = checked?.drive === checkedDrive(drive) ? checked.check.capacity : null;
    if (capacity && capacity.verdict !== 'genuine') throw new RequestRefused('drive-refused', message('request.drive-unwritable', { drive: drive.description, reasons: [capacityMessage(capacity)] }));
    if (drive.verdict === 'warning' && !confirmsDrive(confirmation ?? '', drive)) {
      throw new RequestRefused('confirmation-required', message('request.type-name', { name: driveNameToType(drive) }));
    }
    return drive;
  }

  /** Probes the drive (it writes to it and puts back what it overwrote) and asks about its licence, at the same time. */
  private async checkDrive(request: DriveCheckRequest): Promise<DriveCheck> {
    if (this.job) throw new RequestRefused('busy', message('request.busy-writing-check'));
    if (this.checking) throw new RequestRefused('busy', message('request.busy-checking'));
    await this.firstList;
    const drive = this.registry.find(request.driveId);
    if (!drive || drive.size === null) throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
    if (drive.verdict === 'refused') throw new RequestRefused('drive-refused', message('request.drive-unusable', { drive: drive.description, reasons: drive.reasons.map((reason) => reason.message) }));
    this.checking = true;
    try {
      this.options.log.info(`Checking ${drive.device} (${drive.description}, ${drive.size} bytes); licence ${request.licenceCheck ? `asked of ${licenceService({ service: this.options.licenceService })}` : 'not asked'}`);
      const [probed, licence] = await Promise.all([
        this.options.prober.probe({ device: drive.device, size: drive.size, description: drive.description, guid: drive.guid }),
        licenceOfDrive(drive, { offline: !request.licenceCheck, service: this.options.licenceService }),
      ]);
      const check: DriveCheck = probed.ok
        ? { driveId: drive.id, capacity: probed.probe, problem: null, licence }
        : { driveId: drive.id, capacity: null, problem: probed.message, licence };
      this.options.log.info(`Checked ${drive.device}: ${probed.ok ? `${probed.probe.verdict}, ${probed.probe.places} places in ${probed.probe.seconds.toFixed(1)} s` : formatMessage(probed.message)}; licence ${licence.status}`);
      this.checks.set(drive.id, { drive: checkedDrive(drive), check });
      return check;
    } finally {
      this.checking = false;
    }
  }

  private async startWrite(request: WriteRequest): Promise<{ jobId: string }> {
    this.refuseWhileBusy();
    const backup = this.shelf.get(request.backupId);
    if (!backup) throw new RequestRefused('unknown-backup', message('request.unknown-backup'));
    if (!backup.opened.report.ok) throw new RequestRefused('backup-blocked', message('request.backup-blocked', { zip: backup.opened.report.zipName }));
    await this.firstList;
    if (this.judgedFor !== backup) {
      throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
    }
    const drive = this.writableDrive(request.driveId, request.confirmation);
    const { settings } = backup.opened;
    const unchangeable = (request.serverName !== undefined && settings.serverName === null) || (request.network !== undefined && settings.network === null) ||
      (request.bootLabel !== undefined && settings.bootLabel === null);
    if (unchangeable) {
      throw new InvalidRequest(message('request.no-config-file'));
    }
    const job: WriteJob = {
      zipPath: backup.zipPath,
      device: drive.device,
      deviceSize: drive.size!,
      description: drive.description,
      guid: drive.guid,
      uefi: request.uefi,
      ...(request.serverName === undefined ? {} : { serverName: request.serverName }),
      ...(request.network === undefined ? {} : { network: request.network }),
      ...(request.bootLabel === undefined ? {} : { bootLabel: request.bootLabel }),
    };
    const jobId = `job-${this.nextJob++}`;
    this.options.log.info(`Write ${jobId}: ${backup.zipPath} to ${drive.device} (${drive.description}, ${drive.size} bytes, ${drive.verdict}); UEFI ${job.uefi ? 'on' : 'off'}` +
      `${job.serverName === undefined ? '' : `; server name ${job.serverName}`}${job.network === undefined ? '' : '; network changed'}` +
      `${job.bootLabel === undefined ? '' : `; flash label ${job.bootLabel}`}`);
    this.run(jobId, { description: drive.description, device: drive.device, size: drive.size!, guid: drive.guid }, (onProgress, signal) => this.options.runner.run(job, onProgress, signal));
    return { jobId };
  }

  /** Runs a write (or a copy, which ends in one) as the one job, its progress and outcome sent as a write's. */
  private run(jobId: string, drive: WrittenDrive, write: (onProgress: (progress: JobProgress) => void, signal: AbortSignal) => Promise<WriteResult>): void {
    const controller = new AbortController();
    const onProgress = this.progressReporter(jobId);
    const done = write(onProgress, controller.signal)
      .catch((error: unknown): WriteResult => {
        this.options.log.error(`Write ${jobId} broke down`, error);
        return unexpected(error);
      })
      .then((result) => {
        this.job = undefined;
        this.options.log.info(`Write ${jobId} ended: ${result.result}${result.result === 'success' ? '' : ` in ${result.phase}: ${formatMessages(result.sentences)} ${result.differences.join(' ')}`}`);
        this.options.emit('write:finished', { jobId, drive, ...result });
      });
    this.job = { jobId, kind: 'write', controller, done };
  }

  /** Progress events with speed, the whole job's fraction and time left, one per interval, and always one when the phase changes. */
  private progressReporter(jobId: string): (progress: JobProgress) => void {
    const meter = new JobMeter();
    const reading = new ProgressMeter();
    const interval = this.options.progressInterval ?? 0.25;
    let phase: WritePhase | undefined;
    let sentAt = -Infinity;
    return (progress) => {
      const now = this.clock();
      // A copy's reading of the old flash is measured on its own; the write's bar starts after it.
      const estimate = progress.phase === 'preparing'
        ? { bytesPerSecond: null, secondsLeft: null, fraction: 0 }
        : progress.phase === 'reading'
        ? { ...reading.update({ seconds: now, bytesDone: progress.bytesDone }, progress.bytesTotal), fraction: progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : 0 }
        : meter.update({ pass: progress.phase === 'verifying' ? 'read' : 'write', seconds: now, ...progress });
      if (progress.phase === phase && now - sentAt < interval && progress.bytesDone < progress.bytesTotal) return;
      phase = progress.phase;
      sentAt = now;
      this.options.emit('write:progress', { jobId, ...progress, ...estimate });
    };
  }

  private cancelWrite(jobId: string): null {
    if (this.job?.jobId !== jobId) throw new RequestRefused('unknown-job', message('request.unknown-job'));
    this.options.log.info(`Job ${jobId}: cancelled by the user`);
    this.job.controller.abort(new JobCancelled());
    return null;
  }

  private failure(channel: ServiceChannel, error: unknown): IpcFailure {
    if (error instanceof RequestRefused) return { code: error.code, message: error.reason };
    if (error instanceof InvalidRequest) return { code: 'invalid-request', message: error.reason };
    this.options.log.error(`${channel} failed`, error);
    return { code: 'failed', message: message('request.went-wrong', { detail: error instanceof Error ? error.message : String(error) }) };
  }
}

/** What makes a drive the one that was checked (or read): its path, size and GUID. */
function checkedDrive(drive: DriveSummary): string {
  return JSON.stringify([drive.device, drive.size, drive.guid]);
}

function sourceOf(drive: DriveSummary, size: number): SourceDrive {
  return { device: drive.device, size, description: drive.description, guid: drive.guid };
}

function listedFlash(answer: FlashAnswer<FlashReading>): ListedFlash {
  if (!answer.ok) return { state: 'unreadable', message: answer.message };
  if (answer.value.status === 'not-unraid') return { state: 'not-unraid', reasons: answer.value.reasons };
  return { state: 'unraid', server: answer.value.flash.server, version: answer.value.flash.version };
}

/** A back-up's end as the renderer is told it. */
function backupOutcome(jobId: string, drive: DriveRow, savedAs: string, withoutSecrets: boolean, answer: FlashAnswer<FlashBackupOutcome>, aborted: boolean): BackupOutcome {
  if (!answer.ok) return { jobId, result: 'failed', message: answer.message };
  const outcome = answer.value;
  if (outcome.status === 'not-unraid') return { jobId, result: 'failed', message: message('flash.not-unraid', { drive: drive.description, reasons: outcome.reasons }) };
  if (outcome.status === 'backup-failed') return { jobId, result: outcome.cancelled || aborted ? 'cancelled' : 'failed', message: outcome.message };
  return { ...outcome.result, jobId, result: 'success', savedAs, withoutSecrets, seconds: outcome.seconds };
}


/** A copy that stopped after reading the old flash, before anything was written to the new drive. */
function copyStopped(sentences: readonly AnyMessage[], options: { cancelled?: boolean; advice?: readonly AnyMessage[]; differences?: readonly string[] } = {}): WriteResult {
  return {
    result: options.cancelled ? 'cancelled' : 'failed',
    phase: 'reading',
    sentences: [...sentences, message('flash.nothing-written')],
    detail: null,
    advice: options.advice ?? [],
    differences: options.differences ?? [],
  };
}

/** Why a copy stops after reading the old flash (nothing written to the new drive); null when it goes on. */
function cloneSourceProblem(source: DriveRow, answer: FlashAnswer<FlashBackupOutcome>, aborted: boolean): WriteResult | null {
  if (!answer.ok) return copyStopped([answer.message]);
  const outcome = answer.value;
  if (outcome.status === 'not-unraid') return copyStopped([message('flash.not-unraid', { drive: source.description, reasons: outcome.reasons })]);
  if (outcome.status === 'backup-failed') {
    const cancelled = outcome.cancelled || aborted;
    return copyStopped([cancelled ? message('flash.copy-cancelled') : outcome.message], { cancelled });
  }
  const { missing } = outcome.result;
  if (missing.length === 0) return null;
  return copyStopped([message('flash.copy-missing', { count: missing.length, drive: source.description })], {
    advice: [message('flash.copy-missing-advice')],
    differences: missing.map(({ path, detail }) => `${path}: ${detail}`),
  });
}

/** At most one call per interval seconds, and always the last one (done = total). */
function throttled(clock: () => number, interval: number, report: (bytesDone: number, bytesTotal: number) => void): (bytesDone: number, bytesTotal: number) => void {
  let sentAt = -Infinity;
  return (bytesDone, bytesTotal) => {
    const now = clock();
    if (now - sentAt < interval && bytesDone < bytesTotal) return;
    sentAt = now;
    report(bytesDone, bytesTotal);
  };
}
