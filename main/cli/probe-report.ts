// How the CLI words the capacity probe's verdict and the measured speeds (write and check).
import { formatMessage } from '../../shared/message.js';
import { capacityMessage, speedMessage, type ProbeResult } from '../../shared/probe.js';
import type { CliIO } from './io.js';

/**
 * A genuine drive's verdict on stdout; a fake or failing one on stderr. Before a write, a genuine
 * drive keeps the probe's stamps for the write to go over: nothing was put back, nor needs to be.
 */
export function printProbe(probe: ProbeResult, io: CliIO, when: 'check' | 'before-write'): void {
  const stream = probe.verdict === 'genuine' ? io.stdout : io.stderr;
  stream.write(`${formatMessage(capacityMessage(probe))} (${probe.seconds.toFixed(1)} s)\n`);
  const speeds = probe.verdict === 'genuine' ? speedMessage(probe) : null;
  if (speeds) io.stdout.write(`${formatMessage(speeds)}\n`);
  const putBack = !(when === 'before-write' && probe.verdict === 'genuine');
  if (putBack && !probe.restored) io.stderr.write('Some of the places the probe wrote could not be put back as they were.\n');
}
