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
import { formatMessage, formatMessages, message, type AnyMessage } from '../../shared/message.js';
import { capacityMessage } from '../../shared/probe.js';
import type { DriveCheck, DriveCheckRequest, DriveRow } from '../../shared/ipc.js';
import type { DriveWatcher } from '../drives/watch.js';
import { licenceOfDrive, licenceService } from '../licence/guid-service.js';
import type { DriveProber } from './drive-prober.js';
import { BackupShelf, type ShelvedBackup } from './backup-shelf.js';
import { DriveRegistry } from './drive-registry.js';
import type { DriveSource } from './drive-source.js';
import type { Logger } from './log.js';
import { JobMeter } from '../../shared/progress-meter.js';
import { InvalidRequest, parseRequest } from './requests.js';
import { JobCancelled } from './restore-job.js';
import { unexpected } from './failure.js';
import type { JobProgress, WriteJob, WriteRunner } from './write-runner.js';

export type EmitEvent = <E extends EventChannel>(channel: E, payload: EventOf<E>) => void;

/** The channels the service answers; the front doors answer the dialog and log channels themselves. */
export type ServiceChannel = 'backup:open' | 'drives:list' | 'drive:check' | 'licence:service' | 'write:start' | 'write:cancel';

export const SERVICE_CHANNELS: readonly ServiceChannel[] = ['backup:open', 'drives:list', 'drive:check', 'licence:service', 'write:start', 'write:cancel'];

export function isServiceChannel(channel: string): channel is ServiceChannel {
  return (SERVICE_CHANNELS as readonly string[]).includes(channel);
}

export interface ServiceOptions {
  readonly drives: DriveSource;
  readonly runner: WriteRunner;
  /** Runs the capacity probe for drive:check. */
  readonly prober: DriveProber;
  /** Where licence checks send the GUID; Lime Technology's service (or FLASH_CREATOR_GUID_SERVICE) when omitted. */
  readonly licenceService?: string;
  readonly emit: EmitEvent;
  readonly log: Logger;
  /** Seconds on a monotonic clock; progress speed is measured with it. */
  readonly clock?: () => number;
  /** At most one progress event per this many seconds (phase changes are always sent). */
  readonly progressInterval?: number;
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

  /** True while a write runs. */
  get writing(): boolean {
    return this.job !== undefined;
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
        this.options.emit('drives:changed', this.registry.update(drives));
        listed();
      },
      (error) => {
        this.options.log.error('Listing the drives failed', error);
        listed();
      },
    );
    this.watcher = watcher;
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
    if (this.checking) throw new RequestRefused('busy', message('request.busy-checking'));
    if (this.job) throw new RequestRefused('busy', message('request.busy-writing'));
    const backup = this.shelf.get(request.backupId);
    if (!backup) throw new RequestRefused('unknown-backup', message('request.unknown-backup'));
    if (!backup.opened.report.ok) throw new RequestRefused('backup-blocked', message('request.backup-blocked', { zip: backup.opened.report.zipName }));
    await this.firstList;
    const drive = this.registry.find(request.driveId);
    if (!drive || this.judgedFor !== backup || drive.size === null) {
      throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
    }
    if (drive.verdict === 'refused') {
      throw new RequestRefused('drive-refused', message('request.drive-unwritable', { drive: drive.description, reasons: drive.reasons.map((reason) => reason.message) }));
    }
    const checked = this.checks.get(drive.id);
    const capacity = checked?.drive === checkedDrive(drive) ? checked.check.capacity : null;
    if (capacity && capacity.verdict !== 'genuine') throw new RequestRefused('drive-refused', message('request.drive-unwritable', { drive: drive.description, reasons: [capacityMessage(capacity)] }));
    if (drive.verdict === 'warning' && !confirmsDrive(request.confirmation ?? '', drive)) {
      throw new RequestRefused('confirmation-required', message('request.type-name', { name: driveNameToType(drive) }));
    }
    const { settings } = backup.opened;
    const unchangeable = (request.serverName !== undefined && settings.serverName === null) || (request.network !== undefined && settings.network === null) ||
      (request.bootLabel !== undefined && settings.bootLabel === null);
    if (unchangeable) {
      throw new InvalidRequest(message('request.no-config-file'));
    }
    const job: WriteJob = {
      zipPath: backup.zipPath,
      device: drive.device,
      deviceSize: drive.size,
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
    this.run(jobId, job, { description: drive.description, device: drive.device, size: drive.size, guid: drive.guid });
    return { jobId };
  }

  private run(jobId: string, job: WriteJob, drive: WrittenDrive): void {
    const controller = new AbortController();
    const onProgress = this.progressReporter(jobId);
    const done = this.options.runner
      .run(job, onProgress, controller.signal)
      .catch((error: unknown): WriteResult => {
        this.options.log.error(`Write ${jobId} broke down`, error);
        return unexpected(error);
      })
      .then((result) => {
        this.job = undefined;
        this.options.log.info(`Write ${jobId} ended: ${result.result}${result.result === 'success' ? '' : ` in ${result.phase}: ${formatMessages(result.sentences)} ${result.differences.join(' ')}`}`);
        this.options.emit('write:finished', { jobId, drive, ...result });
      });
    this.job = { jobId, controller, done };
  }

  /** Progress events with speed, the whole job's fraction and time left, one per interval, and always one when the phase changes. */
  private progressReporter(jobId: string): (progress: JobProgress) => void {
    const meter = new JobMeter();
    const interval = this.options.progressInterval ?? 0.25;
    let phase: WritePhase | undefined;
    let sentAt = -Infinity;
    return (progress) => {
      const now = this.clock();
      const estimate = progress.phase === 'preparing'
        ? { bytesPerSecond: null, secondsLeft: null, fraction: 0 }
        : meter.update({ pass: progress.phase === 'verifying' ? 'read' : 'write', seconds: now, ...progress });
      if (progress.phase === phase && now - sentAt < interval && progress.bytesDone < progress.bytesTotal) return;
      phase = progress.phase;
      sentAt = now;
      this.options.emit('write:progress', { jobId, ...progress, ...estimate });
    };
  }

  private cancelWrite(jobId: string): null {
    if (this.job?.jobId !== jobId) throw new RequestRefused('unknown-job', message('request.unknown-job'));
    this.options.log.info(`Write ${jobId}: cancelled by the user`);
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

/** What makes a drive the one that was checked: its path, size and GUID. */
function checkedDrive(drive: DriveRow): string {
  return JSON.stringify([drive.device, drive.size, drive.guid]);
}
