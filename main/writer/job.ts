// One job for the privileged writer, as the unprivileged side sends it: which backup, and the drive
// exactly as the user confirmed it. Parsed defensively: the writer trusts nothing it is sent. A job
// is a request, not an order: nothing in it gives rights (run-job.ts decides what an elevated
// writer honours), and it names no file for root to create.
import { EDITABLE_CONFIG_FILES, MAX_EDITED_CONFIG_BYTES, type ConfigFileText, type EditableConfigPath } from '../backup/config-edits.js';

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
  /** Config files the user changed (server name, network), each replacing the backup's copy. */
  readonly configFiles?: readonly ConfigFileText[];
  /** The passphrase of an encrypted backup (a secret to read the zip with, never a right). */
  readonly passphrase?: string;
}

export interface VerifyJob {
  readonly kind: 'verify';
  readonly zipPath: string;
  readonly drive: ConfirmedDrive;
  readonly passphrase?: string;
}

/** Probe the drive's capacity and speed, then put back what was overwritten (`check --device`, the app's Drive step). */
export interface CheckJob {
  readonly kind: 'check';
  readonly drive: ConfirmedDrive;
  readonly unsafe: boolean;
}

/** Read an old flash (read-only): whether it is an Unraid flash, its server name and version (the app's copy and back-up sources). */
export interface ReadFlashJob {
  readonly kind: 'read-flash';
  readonly drive: ConfirmedDrive;
  /** Accept a virtual or non-removable drive that is not in use (never the system drive). */
  readonly unsafe: boolean;
  /** Read what a repair's diagnosis needs too: the FAT's state, every bz file's SHA-256 (still read-only). */
  readonly state?: true;
}

/**
 * Back an old flash up (read-only) into a zip. The zip's bytes go to whoever started the job (the
 * writer's channel, or the caller's own destination in process), which saves them as its user.
 */
export interface BackupFlashJob {
  readonly kind: 'backup-flash';
  readonly drive: ConfirmedDrive;
  readonly withoutSecrets: boolean;
  readonly purpose: 'backup' | 'clone';
  readonly unsafe: boolean;
  /** Encrypt the zip (AES-256) under this key: a copy's one-time staging key. A secret, never a right. */
  readonly passphrase?: string;
}

export type WriterJob = WriteJob | VerifyJob | CheckJob | ReadFlashJob | BackupFlashJob;

export class JobError extends Error {
  override name = 'JobError';
}

export function parseJob(value: unknown): WriterJob {
  const job = record(value, 'the job');
  const kind = job.kind;
  const drive = parseDrive(job.drive);
  if (kind === 'check') return { kind, drive, unsafe: unsafeOf(job) };
  if (kind === 'read-flash') return { kind, drive, unsafe: unsafeOf(job), ...stateOf(job) };
  if (kind === 'backup-flash') return parseBackupFlashJob(job, drive);
  const zipPath = text(job.zipPath, 'zipPath');
  const passphrase = job.passphrase === undefined ? {} : { passphrase: text(job.passphrase, 'passphrase') };
  if (kind === 'verify') return { kind, zipPath, drive, ...passphrase };
  if (kind !== 'write') throw new JobError(`Unknown job kind ${JSON.stringify(kind)}.`);
  if (job.uefi !== undefined && typeof job.uefi !== 'boolean') throw new JobError('uefi must be true or false.');
  const unsafe = unsafeOf(job);
  const volumeId = job.volumeId;
  if (typeof volumeId !== 'number' || !Number.isInteger(volumeId) || volumeId < 0 || volumeId > 0xffff_ffff) {
    throw new JobError('volumeId must be a 32-bit unsigned integer.');
  }
  const configFiles = job.configFiles === undefined ? {} : { configFiles: parseConfigFiles(job.configFiles) };
  return { kind, zipPath, drive, uefi: job.uefi, unsafe, volumeId, ...configFiles, ...passphrase };
}

function parseBackupFlashJob(job: Record<string, unknown>, drive: ConfirmedDrive): BackupFlashJob {
  if (typeof job.withoutSecrets !== 'boolean') throw new JobError('withoutSecrets must be true or false.');
  if (job.purpose !== 'backup' && job.purpose !== 'clone') throw new JobError('purpose must be "backup" or "clone".');
  const passphrase = job.passphrase === undefined ? {} : { passphrase: text(job.passphrase, 'passphrase') };
  return { kind: 'backup-flash', drive, withoutSecrets: job.withoutSecrets, purpose: job.purpose, unsafe: unsafeOf(job), ...passphrase };
}

/** Only the files the app edits, each once, as text of a config file's size. */
function parseConfigFiles(value: unknown): ConfigFileText[] {
  if (!Array.isArray(value)) throw new JobError('configFiles must be a list.');
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    const file = record(item, `configFiles[${index}]`);
    const path = file.path;
    if (typeof path !== 'string' || !(EDITABLE_CONFIG_FILES as readonly string[]).includes(path)) {
      throw new JobError(`configFiles[${index}].path must be one of ${EDITABLE_CONFIG_FILES.join(', ')}.`);
    }
    if (seen.has(path)) throw new JobError(`configFiles has ${path} twice.`);
    seen.add(path);
    if (typeof file.text !== 'string') throw new JobError(`configFiles[${index}].text must be a string.`);
    if (Buffer.byteLength(file.text, 'utf8') > MAX_EDITED_CONFIG_BYTES) {
      throw new JobError(`configFiles[${index}].text is larger than ${MAX_EDITED_CONFIG_BYTES} bytes: no config file is.`);
    }
    if (file.create !== undefined && typeof file.create !== 'boolean') throw new JobError(`configFiles[${index}].create must be true or false.`);
    return { path: path as EditableConfigPath, text: file.text, ...(file.create ? { create: true } : {}) };
  });
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

function stateOf(job: Record<string, unknown>): { state?: true } {
  if (job.state === undefined) return {};
  if (job.state !== true) throw new JobError('state must be true when given.');
  return { state: true };
}

function unsafeOf(job: Record<string, unknown>): boolean {
  if (typeof job.unsafe !== 'boolean') throw new JobError('unsafe must be true or false.');
  return job.unsafe;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JobError(`${what} must be an object.`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new JobError(`${what} must be a non-empty string.`);
  return value;
}
