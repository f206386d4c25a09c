// The app's one implementation of the IPC contract, for both front doors: Electron's IPC handlers
// and the browser harness call handle() with whatever arrived, and get back data to send. Every
// request is validated first, then answered by the job it belongs to (jobs/): a job names its
// backup and drive only by the ids given out here, and the drive must be in the latest list, not
// refused, and confirmed by name when it has a warning (drive-board.ts). One job runs at a time
// (job-slot.ts).
import type { IpcFailure, IpcResult, OpenedBackup, RequestOf, ResponseOf } from '../../shared/ipc.js';
import { message } from '../../shared/message.js';
import { licenceService } from '../licence/guid-service.js';
import { BackupShelf } from './backup-shelf.js';
import { DriveBoard } from './drive-board.js';
import { JobSlot } from './job-slot.js';
import { BackupDestinations } from './jobs/backup.js';
import type { JobContext } from './jobs/context.js';
import { startCopy } from './jobs/copy.js';
import { Installs } from './jobs/install.js';
import { Repairs } from './jobs/repair.js';
import { openBackup, startRestore, unlockBackup } from './jobs/restore.js';
import { RequestRefused } from './refused.js';
import { InvalidRequest, parseRequest } from './requests.js';
import type { ServiceOptions } from './service-options.js';

export type { EmitEvent, ServiceOptions } from './service-options.js';

/** The channels the service answers; the front doors answer the dialog and log channels themselves. */
export type ServiceChannel = 'backup:open' | 'drives:list' | 'drive:check' | 'licence:service' | 'write:start' | 'write:cancel' | 'flash:read' | 'backup:destination' | 'backup:start' | 'clone:start'
  | 'releases:list' | 'release:choose' | 'install:start' | 'backup:unlock' | 'repair:diagnose' | 'repair:destination' | 'repair:start';

type Answers = { readonly [C in ServiceChannel]: (context: JobContext, request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

function answers(destinations: BackupDestinations, installs: Installs, repairs: Repairs): Answers {
  return {
    // The drives, as every job sees them.
    'drives:list': ({ drives }) => drives.list(),
    'drive:check': ({ drives }, request) => drives.check(request),
    'flash:read': ({ drives }, { driveId }) => drives.readFlash(driveId),
    'licence:service': ({ options }) => ({ address: licenceService({ service: options.licenceService }) }),
    // Restore a backup.
    'backup:open': (context, { path }) => openBackup(context, path),
    'backup:unlock': unlockBackup,
    'write:start': startRestore,
    // Copy an old flash to a new drive.
    'clone:start': startCopy,
    // Back up a flash.
    'backup:destination': (context, { driveId }) => destinations.choose(context, driveId),
    'backup:start': (context, request) => destinations.start(context, request),
    // Install Unraid on a new drive (a release zip is opened with backup:open).
    'releases:list': (context, { address }) => installs.list(context, address),
    'release:choose': (context, { releaseId }) => installs.choose(context, releaseId),
    'install:start': (context, request) => installs.start(context, request),
    // Repair a flash on the same stick (a release zip is opened with backup:open, the list read with releases:list).
    'repair:diagnose': (context, { driveId }) => repairs.diagnose(context, driveId),
    'repair:destination': (context, { driveId }) => repairs.destination(context, driveId),
    'repair:start': (context, request) => repairs.start(context, request),
    // Any job.
    'write:cancel': ({ slot }, { jobId }) => slot.cancel(jobId),
  };
}

export const SERVICE_CHANNELS: readonly ServiceChannel[] = [
  'backup:open', 'drives:list', 'drive:check', 'licence:service', 'write:start', 'write:cancel', 'flash:read', 'backup:destination', 'backup:start', 'clone:start',
  'releases:list', 'release:choose', 'install:start', 'backup:unlock', 'repair:diagnose', 'repair:destination', 'repair:start',
];

export function isServiceChannel(channel: string): channel is ServiceChannel {
  return (SERVICE_CHANNELS as readonly string[]).includes(channel);
}

export class FlashCreatorService {
  private readonly context: JobContext;
  private readonly answers: Answers;

  constructor(private readonly options: ServiceOptions) {
    let slot: JobSlot | undefined = undefined;
    const drives = new DriveBoard(options, () => slot?.kind !== undefined);
    slot = new JobSlot(options, () => drives.checking);
    this.context = { options, drives, slot, shelf: new BackupShelf() };
    const destinations = new BackupDestinations();
    const installs = new Installs();
    this.answers = answers(destinations, installs, new Repairs(destinations, installs));
  }

  async handle<C extends ServiceChannel>(channel: C, raw: unknown): Promise<IpcResult<ResponseOf<C>>> {
    try {
      const answer = this.answers[channel] as (context: JobContext, request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
      return { ok: true, value: await answer(this.context, parseRequest(channel, raw)) };
    } catch (error) {
      return { ok: false, error: this.failure(channel, error) };
    }
  }

  /** Reads a backup the user chose; its drive list is judged for it from now on. */
  async openBackup(path: string): Promise<IpcResult<OpenedBackup>> {
    return this.handle('backup:open', { path });
  }

  /** True while a write (a copy, an install, a repair) runs: quitting leaves the drive blank. */
  get writing(): boolean {
    return this.context.slot.kind === 'write';
  }

  /** True while a back-up runs (it only reads the drive: quitting leaves no zip and changes nothing). */
  get backingUp(): boolean {
    return this.context.slot.kind === 'backup';
  }

  /** Stops watching drives, cancels a running job and waits for it to end. */
  async close(): Promise<void> {
    this.context.drives.stop();
    await this.context.slot.close();
  }

  private failure(channel: ServiceChannel, error: unknown): IpcFailure {
    if (error instanceof RequestRefused) return { code: error.code, message: error.reason };
    if (error instanceof InvalidRequest) return { code: 'invalid-request', message: error.reason };
    this.options.log.error(`${channel} failed`, error);
    return { code: 'failed', message: message('request.went-wrong', { detail: error instanceof Error ? error.message : String(error) }) };
  }
}
