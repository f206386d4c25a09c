// The drives as every job sees them: the latest listing (judged for the opened backup, if any),
// what each drive is known to be as an old Unraid flash, and the latest capacity check of each.
// Jobs name drives only by the ids given out here, and take them through sourceDrive (read from)
// or writableDrive (erased), which refuse what may not be used that way.
import { confirmsDrive, driveNameToType, type DriveCheck, type DriveCheckRequest, type DriveList, type DriveRow } from '../../shared/ipc.js';
import { formatMessage, message, textMessage } from '../../shared/message.js';
import { capacityMessage, type ProbeResult } from '../../shared/probe.js';
import type { ListedFlash } from '../../shared/flash-source.js';
import type { DriveSummary } from '../../shared/drives.js';
import { UNRAID_LABEL } from '../backup-maker/flash-facts.js';
import { readFlashFolder, type FlashReading } from '../backup-maker/flash-source.js';
import type { BackupToRestore } from '../drives/verdict.js';
import type { DriveWatcher } from '../drives/watch.js';
import { licenceOfDrive, licenceService } from '../licence/guid-service.js';
import { DriveRegistry } from './drive-registry.js';
import type { FlashAnswer, SourceDrive } from './flash-reader.js';
import { RequestRefused } from './refused.js';
import type { ServiceOptions } from './service-options.js';

export class DriveBoard {
  private readonly registry = new DriveRegistry();
  private watcher: DriveWatcher | undefined;
  /** What the latest drive list was judged for: an opened backup (or release zip), a release of the list. */
  private judged: object | null = null;
  private firstList: Promise<void> = Promise.resolve();
  /** The latest check of each drive, with the drive as it was then: a drive swapped in its place is not covered by it. */
  private readonly checks = new Map<string, { readonly drive: string; readonly check: DriveCheck }>();
  private checkRunning = false;
  /** What each drive (by path, size and GUID) is known to be as an old Unraid flash. */
  private readonly flashes = new Map<string, ListedFlash>();
  /** Drives being read as flashes now. */
  private readonly reading = new Set<string>();
  /** The latest listing, judged, before the flash facts are added to it. */
  private latestDrives: readonly DriveSummary[] = [];

  constructor(
    private readonly options: ServiceOptions,
    /** True while a job runs: no drive is checked or read meanwhile. */
    private readonly jobRunning: () => boolean,
  ) {
    this.watch(null, null);
  }

  /** True while a drive's check runs: no job starts meanwhile. */
  get checking(): boolean {
    return this.checkRunning;
  }

  /** What the latest list was judged for (null: for nothing yet). */
  get judgedFor(): object | null {
    return this.judged;
  }

  /** The latest list, once the first one since the last watch() has arrived. */
  async list(): Promise<DriveList> {
    await this.firstList;
    return this.registry.list;
  }

  /** Waits for the first list since the last watch(), so ids given out before it are judged against it. */
  async listed(): Promise<void> {
    await this.firstList;
  }

  /** Watches the drives, judged for `subject` (a backup, a release) from now on: the size it needs, and the drive its zip is on refused. */
  watch(subject: object | null, toRestore: BackupToRestore | null): void {
    this.watcher?.stop();
    let listed: () => void = () => undefined;
    this.firstList = new Promise((resolve) => (listed = resolve));
    const watcher: DriveWatcher = this.options.drives.watch(
      toRestore,
      (drives) => {
        if (this.watcher !== watcher) return;
        this.judged = subject;
        this.latestDrives = drives;
        this.publish();
        listed();
      },
      (error) => {
        this.options.log.error('Listing the drives failed', error);
        listed();
      },
    );
    this.watcher = watcher;
  }

  stop(): void {
    this.watcher?.stop();
  }

  /** A drive of the latest list that can be a copy's or back-up's source: any but this computer's own disk. */
  sourceDrive(driveId: string): DriveRow {
    const drive = this.registry.find(driveId);
    if (!drive || drive.size === null) throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
    if (drive.isSystem) throw new RequestRefused('drive-refused', message('flash.system-disk', { drive: drive.description }));
    return drive;
  }

  /** An Unraid flash of the latest list, read already (its facts name the back-up). */
  unraidSource(driveId: string): { drive: DriveRow; flash: Extract<ListedFlash, { state: 'unraid' }> } {
    const drive = this.sourceDrive(driveId);
    const flash = this.flashes.get(checkedDrive(drive));
    if (flash?.state !== 'unraid') throw new RequestRefused('drive-refused', message('flash.not-read-yet', { drive: drive.description }));
    return { drive, flash };
  }

  /** A drive of the latest list that may be written: not refused, not found fake by its check, confirmed by name when it has a warning. */
  writableDrive(driveId: string, confirmation: string | undefined): DriveRow {
    const drive = this.registry.find(driveId);
    if (!drive || drive.size === null) throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
    if (drive.verdict === 'refused') {
      throw new RequestRefused('drive-refused', message('request.drive-unwritable', { drive: drive.description, reasons: drive.reasons.map((reason) => reason.message) }));
    }
    const capacity = this.capacityOf(drive);
    if (capacity && capacity.verdict !== 'genuine') throw new RequestRefused('drive-refused', message('request.drive-unwritable', { drive: drive.description, reasons: [capacityMessage(capacity)] }));
    if (drive.verdict === 'warning' && !confirmsDrive(confirmation ?? '', drive)) {
      throw new RequestRefused('confirmation-required', message('request.type-name', { name: driveNameToType(drive) }));
    }
    return drive;
  }

  /** The latest capacity check of the drive as it is listed now; null when it was not checked (or another drive took its place since). */
  capacityOf(drive: DriveRow): ProbeResult | null {
    const checked = this.checks.get(drive.id);
    return checked?.drive === checkedDrive(drive) ? checked.check.capacity : null;
  }

  /** Reads the drive as an old flash now (a password prompt in the app), and lists what it is. */
  async readFlash(driveId: string): Promise<ListedFlash> {
    if (this.jobRunning()) throw new RequestRefused('busy', message('flash.busy-reading'));
    await this.firstList;
    const drive = this.sourceDrive(driveId);
    const key = checkedDrive(drive);
    this.options.log.info(`Reading ${drive.device} (${drive.description}) as an old flash`);
    const flash = listedFlash(await this.options.flashReader.readFlash(sourceOf(drive)));
    this.options.log.info(`Read ${drive.device}: ${flash.state}`);
    this.flashes.set(key, flash);
    this.publish();
    return flash;
  }

  /** Probes the drive (it writes to it and puts back what it overwrote) and asks about its licence, at the same time. */
  async check(request: DriveCheckRequest): Promise<DriveCheck> {
    if (this.jobRunning()) throw new RequestRefused('busy', message('request.busy-writing-check'));
    if (this.checkRunning) throw new RequestRefused('busy', message('request.busy-checking'));
    await this.firstList;
    const drive = this.registry.find(request.driveId);
    if (!drive || drive.size === null) throw new RequestRefused('unknown-drive', message('request.unknown-drive'));
    if (drive.verdict === 'refused') throw new RequestRefused('drive-refused', message('request.drive-unusable', { drive: drive.description, reasons: drive.reasons.map((reason) => reason.message) }));
    this.checkRunning = true;
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
      this.checkRunning = false;
    }
  }

  /** The latest listing to the renderer, each drive with what is known of it as an old flash. */
  private publish(): void {
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
      else if (this.options.flashReader.readsFreely) this.learnFlash(key, () => this.options.flashReader.readFlash(sourceOf(drive)));
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
        this.publish();
      });
  }
}

/** What makes a drive the one that was checked (or read): its path, size and GUID. */
export function checkedDrive(drive: DriveSummary): string {
  return JSON.stringify([drive.device, drive.size, drive.guid]);
}

/** A listed drive as a flash reader takes it (only drives with a known size are listed as sources). */
export function sourceOf(drive: DriveSummary): SourceDrive {
  return { device: drive.device, size: drive.size!, description: drive.description, guid: drive.guid };
}

function listedFlash(answer: FlashAnswer<FlashReading>): ListedFlash {
  if (!answer.ok) return { state: 'unreadable', message: answer.message };
  if (answer.value.status === 'not-unraid') return { state: 'not-unraid', reasons: answer.value.reasons };
  return { state: 'unraid', server: answer.value.flash.server, version: answer.value.flash.version };
}
