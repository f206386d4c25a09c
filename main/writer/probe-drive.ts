// The capacity probe where the privileges are: before every write (a fake or failing drive is
// refused before anything else is written to it), and on its own for a check job (`check
// --device`, or the app's Drive step), with a larger run so the speed figures mean something.
import type { OpenedDrive } from '../flash/block-device-target.js';
import { MIB } from '../probe/plan.js';
import { probeDrive, probeKeepingStamps, type ProbeOptions, type StampedProbe } from '../probe/probe.js';
import type { ProbeResult } from '../../shared/probe.js';
import type { CheckJob } from './job.js';
import type { AnyMessage } from '../../shared/message.js';
import { openConfirmed } from './open-confirmed.js';
import { describeOrRefuse, refusalsFor } from './recheck.js';

export interface ProbeSeams {
  /** Told the probe's verdict as soon as it is known. */
  readonly onProbe?: (probe: ProbeResult) => void;
  /** Told the verdict of the stamps read again after a write's files (probe.ts, recheck). */
  readonly onRecheck?: (recheck: ProbeResult) => void;
  /** Where a write's probe puts its random places, uniform in [0, 1) (tests: places known in advance); Math.random otherwise. */
  readonly probeRandom?: () => number;
}

/** How a check job ends: the drive refused by the re-check, or the probe's verdict. */
export type CheckOutcome =
  | { readonly status: 'refused'; readonly device: string; readonly reasons: readonly AnyMessage[] }
  | { readonly status: 'checked'; readonly device: string; readonly probe: ProbeResult };

/** A check measures the speed on 32 MiB each way (seconds on a slow stick, past most sticks' caches), with more random places than a write's probe. */
export const CHECK_PROBE = { runBytes: 32 * MIB, randomPlaces: 256 } as const;

/**
 * A write's probe has fewer random places than a check's: its stamps are read again once the files
 * are written (probe.ts, recheck), where every place that lands on the written data shows it. Each
 * place costs a real stick a small write, its slowest operation (npm run bench: about 150 a second).
 */
export const WRITE_PROBE = { randomPlaces: 48 } as const;

/** Probes a drive the job holds open (for writing), putting back what the probe overwrote. */
export async function probeOpenedDrive(opened: OpenedDrive, options: ProbeOptions, seams: ProbeSeams): Promise<ProbeResult> {
  const probe = await probeDrive(opened.target(), options);
  seams.onProbe?.(probe);
  return probe;
}

/**
 * The probe before a write: its stamps stay on a genuine drive, for the write to go over, unless the
 * caller puts them back (the write did not start). A drive judged otherwise is put back at once.
 */
export async function probeBeforeWrite(opened: OpenedDrive, seams: ProbeSeams): Promise<StampedProbe> {
  const probe = await probeKeepingStamps(opened.target(), { ...WRITE_PROBE, random: seams.probeRandom });
  seams.onProbe?.(probe.result);
  return probe;
}

/** The check job: the same re-check as a write, then the probe alone. */
export async function runCheckJob(job: CheckJob, seams: ProbeSeams): Promise<CheckOutcome> {
  const found = await describeOrRefuse(job.drive.device);
  if ('status' in found) return found;
  const refusals = refusalsFor(found, job.drive, job);
  if (refusals.length > 0) return { status: 'refused', device: found.device, reasons: refusals };
  const opened = await openConfirmed(found, { write: true });
  if ('status' in opened) return opened;
  try {
    return { status: 'checked', device: found.device, probe: await probeOpenedDrive(opened, CHECK_PROBE, seams) };
  } finally {
    await opened.close();
  }
}
