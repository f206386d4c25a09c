// Who performs a write. A job is plain data, so it can cross to another process. The app's drives
// are written by PrivilegedWriteRunner (privileged-runner.ts), through the privileged writer, which
// re-checks the drive itself; the harness's image files by InProcessWriteRunner (restore-job.ts),
// which runs the engine in this process, with this process's rights. Both report the same progress
// and results.
import type { NetworkSettings, WritePhase, WriteResult } from '../../shared/ipc.js';
import type { WifiSettings } from '../../shared/wifi.js';

export interface WriteJob {
  readonly zipPath: string;
  /** The drive's path as its listing gave it (an image file in the harness). */
  readonly device: string;
  /** Its size as listed; the layout is planned for it. */
  readonly deviceSize: number;
  /** Its name as listed, which the user confirmed. */
  readonly description: string;
  /** Its Unraid GUID as listed; the writer refuses a drive whose GUID has changed since. */
  readonly guid: string | null;
  readonly uefi: boolean;
  /** Set only when the user changed them. */
  readonly serverName?: string;
  readonly network?: NetworkSettings;
  /** The flash label for every append line of the syslinux files. */
  readonly bootLabel?: string;
  /** config/wireless.cfg, written whole (Unraid 7.1+). */
  readonly wifi?: WifiSettings;
  /** The zip is a release, installed for a new server: its config files are created where it lacks them (first-settings.ts). */
  readonly newServer?: true;
  /** The zip's passphrase: a copy's staged zip is encrypted under a one-time key. */
  readonly passphrase?: string;
  /** The new FAT volume's id; a random one unless given (a repair keeps the stick's own). */
  readonly volumeId?: number;
}

export interface JobProgress {
  readonly phase: WritePhase;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface WriteRunner {
  /** Runs the job to its end. Never throws: every ending, cancel included, is a result. */
  run(job: WriteJob, onProgress: (progress: JobProgress) => void, signal: AbortSignal): Promise<WriteResult>;
}
