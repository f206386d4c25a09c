// One job for the privileged writer, as the unprivileged side sends it: which backup, and the drive
// exactly as the user confirmed it. Parsed defensively: the writer trusts nothing it is sent.

/** The drive the user said yes to: the writer refuses any other. */
export interface ConfirmedDrive {
  readonly device: string;
  readonly size: number;
  /** "major:minor": changes when the drive is unplugged and another takes its place. */
  readonly devNumber: string;
  /** The Unraid GUID (USB vendor, product, serial); null for drives without a serial. */
  readonly guid: string | null;
  readonly description: string;
}

export interface WriteJob {
  readonly kind: 'write';
  readonly zipPath: string;
  readonly drive: ConfirmedDrive;
  /** Turn UEFI boot on or off; as the backup has it when absent. */
  readonly uefi?: boolean;
  /** Accept a non-removable or virtual drive that is not in use (never the system drive). */
  readonly unsafe: boolean;
  readonly volumeId: number;
}

export interface VerifyJob {
  readonly kind: 'verify';
  readonly zipPath: string;
  readonly drive: ConfirmedDrive;
}

export type WriterJob = WriteJob | VerifyJob;

export class JobError extends Error {
  override name = 'JobError';
}

export function parseJob(value: unknown): WriterJob {
  const job = record(value, 'the job');
  const kind = job.kind;
  const zipPath = text(job.zipPath, 'zipPath');
  const drive = parseDrive(job.drive);
  if (kind === 'verify') return { kind, zipPath, drive };
  if (kind !== 'write') throw new JobError(`Unknown job kind ${JSON.stringify(kind)}.`);
  if (job.uefi !== undefined && typeof job.uefi !== 'boolean') throw new JobError('uefi must be true or false.');
  if (typeof job.unsafe !== 'boolean') throw new JobError('unsafe must be true or false.');
  const volumeId = job.volumeId;
  if (typeof volumeId !== 'number' || !Number.isInteger(volumeId) || volumeId < 0 || volumeId > 0xffff_ffff) {
    throw new JobError('volumeId must be a 32-bit unsigned integer.');
  }
  return { kind, zipPath, drive, uefi: job.uefi, unsafe: job.unsafe, volumeId };
}

function parseDrive(value: unknown): ConfirmedDrive {
  const drive = record(value, 'drive');
  const size = drive.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0) throw new JobError('drive.size must be a positive whole number of bytes.');
  const guid = drive.guid;
  if (guid !== null && typeof guid !== 'string') throw new JobError('drive.guid must be a string or null.');
  return {
    device: text(drive.device, 'drive.device'),
    size,
    devNumber: text(drive.devNumber, 'drive.devNumber'),
    guid,
    description: typeof drive.description === 'string' ? drive.description : '',
  };
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JobError(`${what} must be an object.`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new JobError(`${what} must be a non-empty string.`);
  return value;
}
